import { NextResponse } from "next/server";
import { httpStatus } from "@/lib/actions/guard";
import { roomFromPath } from "@/lib/http/room-path";
import { readRoom } from "@/lib/rooms/read";

export const dynamic = "force-dynamic";

/** The room page polls this for participants and tracks. */
export async function GET(req: Request, { params }: { params: Promise<{ project: string }> }) {
  const { project } = await params;
  const room = roomFromPath(new URL(req.url).pathname) ?? "";
  const result = await readRoom(project, room);
  return NextResponse.json(result, {
    status: httpStatus(result),
    headers: { "Cache-Control": "no-store" },
  });
}
