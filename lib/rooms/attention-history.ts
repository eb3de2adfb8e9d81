import "server-only";
import { settings } from "@/lib/env";
import type { ProcedureContext } from "@/lib/procedures/procedure";
import { historyReasons } from "@/lib/rooms/attention";
import { attentionOf } from "@/lib/rooms/attention-scan";
import type { LiveFact } from "@/lib/history/store";
import type { HistoryReader } from "@/lib/procedures/procedure";

/**
 * Every room of the last scan with its reasons: the live ones, and what only history knows
 * (webhooks); without history (database down) the live reasons stand.
 */
export async function scanWithHistory(
  ctx: Pick<ProcedureContext, "rs" | "project" | "target" | "history">,
) {
  const { rs, project, target, history } = ctx;
  const cfg = settings();
  const scan = await attentionOf(project, target, rs, cfg);
  const facts = await factsOf(
    project,
    scan.rooms.map((r) => r.sid),
    history,
  );
  const nowMs = Date.now();
  const rooms = scan.rooms.map((r) => {
    const extra = historyReasons(r, facts.get(r.sid), r.reasons, cfg, nowMs);
    return extra.length ? { ...r, reasons: [...r.reasons, ...extra] } : r;
  });
  // Open again right after a room of this name closed (LiveKit creates a room when someone
  // joins it, so a deleted room whose people rejoin comes straight back), or the very room
  // LiveKit reported closed, listed again (it reused it for the new join).
  const reopened = scan.rooms.flatMap((r) => {
    const fact = facts.get(r.sid);
    const closedAt = fact?.endedAt ?? fact?.previousEndedAt;
    return closedAt ? [{ name: r.name, closedAtMs: Date.parse(closedAt) }] : [];
  });
  return { ...scan, rooms, reopened };
}

type Facts = Map<string, LiveFact>;
/**
 * One history read per project and set of rooms for a moment: every tab's nav badge, the
 * overview and Needs attention ask for the same facts of the same scan.
 */
const factsCache = new Map<string, { sids: string; atMs: number; facts: Promise<Facts> }>();
const FACTS_TTL_MS = 2_000;

function factsOf(project: string, sids: string[], history: HistoryReader): Promise<Facts> {
  const key = sids.join("\n");
  const hit = factsCache.get(project);
  if (hit && hit.sids === key && Date.now() - hit.atMs < FACTS_TTL_MS) return hit.facts;
  const facts = history
    .liveFacts(sids)
    .catch(() => [])
    .then((list) => new Map(list.map((f) => [f.sid, f])));
  factsCache.set(project, { sids: key, atMs: Date.now(), facts });
  return facts;
}
