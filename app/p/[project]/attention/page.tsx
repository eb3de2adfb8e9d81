import type { Metadata } from "next";
import { initialOf } from "@/lib/procedures/result";
import { read } from "@/lib/procedures/pipeline/run";
import { procedures } from "@/lib/procedures/registry";
import { AttentionView } from "@/components/attention/attention-view";

export const metadata: Metadata = { title: "Needs attention" };
export const dynamic = "force-dynamic";

export default async function AttentionPage({ params }: { params: Promise<{ project: string }> }) {
  const initial = await initialOf(read(procedures.listAttention, (await params).project, {}));
  // No Suspense boundary around it: its content would stream as a hidden part that React
  // reveals up to 300 ms after the first paint (it throttles reveals), and the rows are here.
  return <AttentionView initial={initial} />;
}
