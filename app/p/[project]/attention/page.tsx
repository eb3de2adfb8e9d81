import type { Metadata } from "next";
import { Suspense } from "react";
import { readAttention } from "@/lib/rooms/read";
import { AttentionView } from "@/components/attention/attention-view";

export const metadata: Metadata = { title: "Needs attention" };
export const dynamic = "force-dynamic";

async function load(project: string) {
  const result = await readAttention(project);
  return { result, fetchedAtMs: Date.now() };
}

export default async function AttentionPage({ params }: { params: Promise<{ project: string }> }) {
  const initial = await load((await params).project);
  return (
    <Suspense>
      <AttentionView initial={initial} />
    </Suspense>
  );
}
