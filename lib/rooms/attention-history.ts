import "server-only";
import { settings } from "@/lib/env";
import type { ProcedureContext } from "@/lib/procedures/procedure";
import { historyReasons } from "@/lib/rooms/attention";
import { attentionOf } from "@/lib/rooms/attention-scan";

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
  const facts = new Map(
    (await history.liveFacts(scan.rooms.map((r) => r.sid)).catch(() => [])).map((f) => [f.sid, f]),
  );
  const nowMs = Date.now();
  const rooms = scan.rooms.map((r) => {
    const extra = historyReasons(r, facts.get(r.sid), r.reasons, cfg, nowMs);
    return extra.length ? { ...r, reasons: [...r.reasons, ...extra] } : r;
  });
  return { ...scan, rooms };
}
