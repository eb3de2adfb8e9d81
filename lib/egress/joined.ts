import "server-only";
import { egressError } from "@/lib/egress/errors";
import * as service from "@/lib/egress/service";
import type { EgressList, EgressView } from "@/lib/egress/types";
import { toEgressView } from "@/lib/egress/view";
import type { ProcedureContext } from "@/lib/procedures/procedure";

/** How far back History's egress webhooks are read, and how many at most. */
const WEBHOOK_DAYS = 7;
const WEBHOOK_EVENTS = 1_000;
/** Rows a list answers with: the active ones, then the newest ended ones. */
export const LIST_MAX = 200;

type Ctx = Pick<ProcedureContext, "egress" | "history" | "target">;

/** The newest word of each egress in History's webhooks (newest first in, so first wins). */
async function fromWebhooks(ctx: Ctx): Promise<Map<string, { view: EgressView; atMs: number }>> {
  const since = new Date(Date.now() - WEBHOOK_DAYS * 86_400_000);
  const events = await ctx.history.eventsOfKind("egress_", since, WEBHOOK_EVENTS).catch(() => []);
  const out = new Map<string, { view: EgressView; atMs: number }>();
  for (const e of events) {
    const view = toEgressView(e.payload.egressInfo, "webhook");
    if (view.id && !out.has(view.id)) out.set(view.id, { view, atMs: Date.parse(e.receivedAt) });
  }
  return out;
}

/**
 * ListEgress joined with the egress webhooks History stores: LiveKit's word where it has one,
 * else the last webhook's (an egress LiveKit no longer lists, or one it never will: without a
 * worker on this machine, webhooks are how a recording is known at all). Active first.
 */
export async function joinedList(
  ctx: Ctx,
  room?: string,
): Promise<EgressList & { lastWordMs: Map<string, number> }> {
  let live: EgressView[] = [];
  let listProblem: string | null = null;
  const [listed, hooks] = await Promise.all([
    service.listEgress(ctx.egress, room).catch((e: unknown) => e as Error),
    fromWebhooks(ctx),
  ]);
  if (listed instanceof Error) listProblem = egressError(listed, ctx.target.url).message;
  else live = listed;
  const byId = new Map(live.map((v) => [v.id, v]));
  for (const [id, { view }] of hooks)
    if (!byId.has(id) && (!room || view.room === room)) byId.set(id, view);
  const lastWordMs = new Map<string, number>();
  for (const [id, { atMs }] of hooks) lastWordMs.set(id, atMs);
  const egress = [...byId.values()]
    .sort(
      (a, b) =>
        Number(b.active) - Number(a.active) ||
        b.startedAtMs - a.startedAtMs ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
    .slice(0, LIST_MAX);
  return { egress, listProblem, lastWordMs };
}
