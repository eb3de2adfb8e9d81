import { NextResponse } from "next/server";
import { httpStatus } from "@/lib/actions/guard";
import { readRooms } from "@/lib/rooms/read";

export const dynamic = "force-dynamic";

/** The rooms table polls this; a GET keeps polling off the server-action queue. */
export async function GET(_req: Request, { params }: { params: Promise<{ project: string }> }) {
  const { project } = await params;
  const result = await readRooms(project);
  return NextResponse.json(result, {
    status: httpStatus(result),
    headers: { "Cache-Control": "no-store" },
  });
}
