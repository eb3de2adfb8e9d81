import type { Metadata } from "next";
import { read } from "@/lib/procedures/pipeline/run";
import { procedures } from "@/lib/procedures/registry";
import { StreamsView } from "@/components/ingress/streams-view";

export const metadata: Metadata = { title: "Incoming streams" };
export const dynamic = "force-dynamic";

export default async function StreamsPage({ params }: { params: Promise<{ project: string }> }) {
  // One read per page load, shared by every tab (lib/ingress/lists.ts); a change refreshes it.
  const result = await read(procedures.listIngress, (await params).project, {});
  return <StreamsView result={result} />;
}
