import type { Metadata } from "next";
import { initialOf } from "@/lib/actions/result";
import { readRoom } from "@/lib/rooms/read";
import { RoomScreen } from "@/components/room/room-screen";

export const dynamic = "force-dynamic";

type Params = Promise<{ project: string; room: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: (await params).room };
}

export default async function RoomPage({ params }: { params: Params }) {
  // Next hands dynamic params over already decoded.
  const { project, room } = await params;
  return <RoomScreen room={room} initial={await initialOf(readRoom(project, room))} />;
}
