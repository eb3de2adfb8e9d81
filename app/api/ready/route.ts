import { NextResponse } from "next/server";
import { instanceId } from "@/lib/instance";
import { readiness } from "@/lib/ready";

export const dynamic = "force-dynamic";

/**
 * Readiness for a load balancer: 200 when this instance's database (and Redis, when set)
 * answer, 503 otherwise; the body says what answered and how fast, including each project's
 * LiveKit. No session needed, no secret in it.
 */
export async function GET() {
  const r = await readiness(instanceId());
  return NextResponse.json(r, {
    status: r.ready ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
