import { NextResponse } from "next/server";
import { httpStatus, runGuarded, withProject } from "@/lib/actions/guard";
import { listRooms } from "@/lib/rooms/service";

export const dynamic = "force-dynamic";

/** The rooms table polls this; a GET keeps polling off the server-action queue. */
export async function GET(_req: Request, { params }: { params: Promise<{ project: string }> }) {
  const { project } = await params;
  const result = await runGuarded(
    "rooms.list",
    "view",
    withProject({}),
    { project },
    (_i, { rs }) => listRooms(rs),
  );
  return NextResponse.json(result, {
    status: httpStatus(result),
    headers: { "Cache-Control": "no-store" },
  });
}
