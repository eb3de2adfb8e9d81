import type { Metadata } from "next";
import { initialOf } from "@/lib/procedures/result";
import { read } from "@/lib/procedures/pipeline/run";
import { procedures } from "@/lib/procedures/registry";
import { RecordingsView } from "@/components/egress/recordings-view";

export const metadata: Metadata = { title: "Recordings" };
export const dynamic = "force-dynamic";

export default async function RecordingsPage({
  params,
  searchParams,
}: {
  params: Promise<{ project: string }>;
  searchParams: Promise<{ room?: string | string[] }>;
}) {
  const { project } = await params;
  const raw = (await searchParams).room;
  const room = (Array.isArray(raw) ? raw[0] : raw)?.slice(0, 256) || undefined;
  const initial = await initialOf(read(procedures.listEgress, project, { room }));
  return <RecordingsView room={room} initial={initial} />;
}
