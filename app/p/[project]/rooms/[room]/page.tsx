import { asForeground } from "@/lib/http/foreground";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { initialOf } from "@/lib/procedures/result";
import { roomFromPath } from "@/lib/http/room-path";
import { read } from "@/lib/procedures/pipeline/run";
import { procedures } from "@/lib/procedures/registry";
import { RoomScreen } from "@/components/room/room-screen";

export const dynamic = "force-dynamic";

type Params = Promise<{ project: string }>;

/** The room named by the request's own path (set by the console's server), decoded once. */
async function roomOfRequest(): Promise<string> {
  const raw = (await headers()).get("x-lka-path");
  const room = roomFromPath(raw?.split("?")[0]);
  if (room === undefined) notFound();
  return room;
}

export async function generateMetadata(): Promise<Metadata> {
  return { title: await roomOfRequest() };
}

export default async function RoomPage({ params }: { params: Params }) {
  const { project } = await params;
  const room = await roomOfRequest();
  const [initial, dispatches] = await asForeground(() =>
    Promise.all([
      initialOf(read(procedures.readRoom, project, { room })),
      initialOf(read(procedures.listDispatches, project, { room })),
    ]),
  );
  return <RoomScreen room={room} initial={initial} dispatches={dispatches} />;
}
