import { NextResponse } from "next/server";
import { checkDeployment } from "@/lib/deployment";

export const dynamic = "force-dynamic";

/**
 * Liveness of the console process itself; it says nothing about LiveKit and reads no data.
 * It also says how this instance is deployed (embedded, one instance, or shared) and what
 * several instances would need, from its environment alone.
 */
export function GET() {
  const { mode, notes } = checkDeployment(process.env);
  return NextResponse.json({ ok: true, mode, notes }, { headers: { "Cache-Control": "no-store" } });
}
