import type { Metadata } from "next";
import { Suspense } from "react";
import { initialOf } from "@/lib/actions/result";
import { readAttention } from "@/lib/rooms/read";
import { AttentionView } from "@/components/attention/attention-view";

export const metadata: Metadata = { title: "Needs attention" };
export const dynamic = "force-dynamic";

export default async function AttentionPage({ params }: { params: Promise<{ project: string }> }) {
  const initial = await initialOf(readAttention((await params).project));
  return (
    <Suspense>
      <AttentionView initial={initial} />
    </Suspense>
  );
}
