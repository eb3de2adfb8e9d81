import { NextResponse } from "next/server";
import { httpStatus } from "@/lib/actions/guard";
import { readRoom } from "@/lib/rooms/read";

export const dynamic = "force-dynamic";

/** The room page polls this for participants and tracks. */
export async function GET(
  _req: Request,
  { params }: { params: Promise<{ project: string; room: string }> },
) {
  const { project, room } = await params;
  const result = await readRoom(project, room);
  return NextResponse.json(result, {
    status: httpStatus(result),
    headers: { "Cache-Control": "no-store" },
  });
}
