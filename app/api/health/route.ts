import { NextResponse } from "next/server";

export const dynamic = "force-dynamic";

/** Liveness of the console process itself; it says nothing about LiveKit and reads no data. */
export function GET() {
  return NextResponse.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
}
