import { NextResponse } from "next/server";
import { currentActor } from "@/lib/auth/session";
import { instanceId } from "@/lib/instance";
import { readiness, type Readiness } from "@/lib/ready";

export const dynamic = "force-dynamic";

/**
 * Readiness for a load balancer: 200 when this instance's database (and Redis, when set)
 * answer, 503 otherwise. A balancer (no session) learns ready or not and what is degraded; the
 * detail (host and process, database kind, each project's LiveKit and its errors) is for a
 * signed-in admin, and names only the projects they administer.
 */
export async function GET() {
  const r = await readiness(instanceId());
  const detail = await detailFor(r);
  return NextResponse.json(detail ?? { ready: r.ready, degraded: r.degraded }, {
    status: r.ready ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}

async function detailFor(r: Readiness): Promise<Readiness | undefined> {
  // Without the database no session can be checked: the short answer, which says so.
  const actor = r.ready ? await currentActor().catch(() => undefined) : undefined;
  const admin = new Set(actor?.projects.filter((p) => p.role === "admin").map((p) => p.name));
  if (admin.size === 0) return undefined;
  return {
    ...r,
    livekit: Object.fromEntries(Object.entries(r.livekit).filter(([name]) => admin.has(name))),
  };
}
