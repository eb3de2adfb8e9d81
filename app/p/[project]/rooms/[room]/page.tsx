import type { Metadata } from "next";
import { readRoom } from "@/lib/rooms/read";
import { RoomScreen } from "@/components/room/room-screen";

export const dynamic = "force-dynamic";

type Params = Promise<{ project: string; room: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: (await params).room };
}

async function load(project: string, room: string) {
  const result = await readRoom(project, room);
  return { result, fetchedAtMs: Date.now() };
}

export default async function RoomPage({ params }: { params: Params }) {
  // Next hands dynamic params over already decoded.
  const { project, room } = await params;
  return <RoomScreen room={room} initial={await load(project, room)} />;
}
