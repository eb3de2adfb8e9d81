import "server-only";
import { settings } from "@/lib/env";
import { roomsPoll, valueOf } from "@/lib/live/snapshots";
import { processSingleton } from "@/lib/process-singleton";
import { joinedList } from "@/lib/egress/joined";
import { stuckEgress, type FailedStop, type RoomCount, type StuckEgress } from "@/lib/egress/stuck";
import type { ProcedureContext } from "@/lib/procedures/procedure";

type Ctx = Pick<ProcedureContext, "egress" | "history" | "target" | "project" | "rs" | "audit">;

/**
 * Every tab polls the nav's attention count: one ListEgress and one History read per project
 * per TTL, whatever the number of tabs (a cache only: the key carries the settings).
 */
const TTL_MS = 5_000;
type Memo = Map<string, { cfg: string; atMs: number; value: Promise<StuckEgress[]> }>;
const memo = () => processSingleton("egress-attention", (): Memo => new Map());
const STOPS_LOOKBACK_MS = 7 * 86_400_000;

async function failedStops(ctx: Ctx): Promise<FailedStop[]> {
  const rows = await ctx.audit
    .read({
      action: "egress.stop",
      outcome: "failed",
      since: new Date(Date.now() - STOPS_LOOKBACK_MS),
      limit: 200,
    })
    .catch(() => []);
  return rows.map((r) => ({
    egressId: r.target,
    atMs: Date.parse(r.finishedAt ?? r.at),
    actor: r.actor,
    errorCode: r.errorCode ?? "failed",
  }));
}

async function rooms(ctx: Ctx): Promise<RoomCount[] | undefined> {
  try {
    return valueOf(await roomsPoll(ctx.project, ctx.target).read(), ctx.target);
  } catch {
    return undefined;
  }
}

async function judge(ctx: Ctx): Promise<StuckEgress[]> {
  const cfg = settings();
  const [list, live, stops] = await Promise.all([joinedList(ctx), rooms(ctx), failedStops(ctx)]);
  return stuckEgress(
    list.egress,
    live,
    stops,
    list.lastWordMs,
    { quietSec: cfg.egressQuietSec, graceSec: cfg.graceSec },
    Date.now(),
  );
}

/** Recordings that look stuck in this project (Needs attention and its count). */
export function stuckEgressOf(ctx: Ctx): Promise<StuckEgress[]> {
  const k = `${ctx.project}\u0000${ctx.target.url}\u0000${ctx.target.apiKey}`;
  const cfg = JSON.stringify(settings());
  const m = memo();
  const hit = m.get(k);
  if (hit && hit.cfg === cfg && Date.now() - hit.atMs < TTL_MS) return hit.value;
  const value = judge(ctx);
  m.set(k, { cfg, atMs: Date.now(), value });
  value.catch(() => m.delete(k));
  return value;
}

/** After a stop or a start: the next count judges afresh. */
export const forgetStuck = (project: string) => {
  for (const k of memo().keys()) if (k.startsWith(`${project}\u0000`)) memo().delete(k);
};
