import { NextResponse } from "next/server";
import { z } from "zod";
import { runGuarded } from "@/lib/actions/guard";
import { CONNECTION_CODES } from "@/lib/actions/result";
import { listRooms } from "@/lib/rooms/service";

export const dynamic = "force-dynamic";

/** The rooms table polls this; a GET keeps polling off the server-action queue. */
export async function GET() {
  const result = await runGuarded(
    "rooms.list",
    "view",
    z.undefined(),
    undefined,
    (_input, { rs }) => listRooms(rs),
  );
  const status = result.ok
    ? 200
    : result.error.code === "timeout"
      ? 504
      : CONNECTION_CODES.has(result.error.code)
        ? 502
        : 500;
  return NextResponse.json(result, { status, headers: { "Cache-Control": "no-store" } });
}
