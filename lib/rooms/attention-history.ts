import "server-only";
import { forEachYielding } from "@/lib/concurrency";
import { settings } from "@/lib/env";
import type { ProcedureContext } from "@/lib/procedures/procedure";
import { historyReasons, type AttentionRoom } from "@/lib/rooms/attention";
import { attentionGeneration, attentionOf } from "@/lib/rooms/attention-scan";
import { roomsPoll } from "@/lib/live/snapshots";
import { processSingleton } from "@/lib/process-singleton";

type Ctx = Pick<ProcedureContext, "rs" | "ads" | "project" | "target" | "history">;
type Scan = {
  /** The rooms that have a reason, in the snapshot's order, with their reasons. */
  rooms: AttentionRoom[];
  /** How many rooms were judged (every room of the snapshot). */
  scanned: number;
  participantReads: number;
  waiting: number;
  reopened: { name: string; closedAtMs: number }[];
  /** How many rooms have a reason (the nav's count). */
  flagged: number;
  /** The last scan's round (LiveKit's reads and the live pass), and this pass with history. */
  roundMs: number;
  passMs: number;
};

/**
 * One result per project and settings for a moment: every tab's nav badge (each page polls
 * it), the overview and Needs attention ask for the same rooms. Working out 10,000 rooms'
 * reasons and reading their history facts once per request kept the server busy for
 * everyone else (a badge took 120–770 ms at 10,000 rooms, and pages waited behind it).
 */
type Memo = Map<string, { cfg: string; atMs: number; scan: Promise<Scan> }>;
/**
 * One per process like the scan it memoises: the page that renders first and the route
 * every tab polls may load separate copies of this module, and each would work it out again.
 * A cache only: correctness comes from the key (settings, ghost marks), never from it.
 */
const memo = (): Memo => processSingleton("attention-memo", (): Memo => new Map());
/** Reasons that depend on time ("empty for longer than …") are at most this late. */
const SCAN_TTL_MS = 2_000;

/**
 * Every room of the last scan with its reasons: the live ones, and what only history knows
 * (webhooks); without history (database down) the live reasons stand.
 */
export function scanWithHistory(ctx: Ctx): Promise<Scan> {
  const { project, target } = ctx;
  const k = `${project}\u0000${target.url}\u0000${target.apiKey}\u0000${target.apiSecret}`;
  // Settings changed (tests, a reload of the environment), a room was marked a ghost or the
  // project's list of rooms changed (a delete made here reads it again at once): worked out
  // again at once.
  const rooms = roomsPoll(project, target).snapshot().version;
  const cfg = `${attentionGeneration(project, target)}\u0000${rooms}\u0000${JSON.stringify(settings())}`;
  const scans = memo();
  const hit = scans.get(k);
  if (hit && hit.cfg === cfg && Date.now() - hit.atMs < SCAN_TTL_MS) return hit.scan;
  const scan = scanNow(ctx);
  scans.set(k, { cfg, atMs: Date.now(), scan });
  // A failure is not kept: the next request tries again.
  scan.catch(() => {
    if (scans.get(k)?.scan === scan) scans.delete(k);
  });
  return scan;
}

async function scanNow({ rs, ads, project, target, history }: Ctx): Promise<Scan> {
  const t0 = performance.now();
  const cfg = settings();
  const scan = await attentionOf(project, target, rs, ads, cfg);
  const facts = new Map(
    (await history.liveFacts(scan.rooms.map((r) => r.sid)).catch(() => [])).map((f) => [f.sid, f]),
  );
  const nowMs = Date.now();
  // One pass; only the rooms that need a look are copied. Kept for SCAN_TTL_MS, a copy of
  // every room (10,000 at a time) outlived the young generation and made the collector's
  // full passes a scan's largest cost.
  const rooms: AttentionRoom[] = [];
  const reopened: Scan["reopened"] = [];
  await forEachYielding(scan.rooms, (r) => {
    const fact = facts.get(r.sid);
    const { participants, reasons } = scan.judge(r);
    const extra = historyReasons(r, fact, reasons, cfg, nowMs);
    if (reasons.length > 0 || extra.length > 0)
      rooms.push({ ...r, participants, reasons: extra.length ? [...reasons, ...extra] : reasons });
    // Open again right after a room of this name closed (LiveKit creates a room when someone
    // joins it, so a deleted room whose people rejoin comes straight back), or the very room
    // LiveKit reported closed, listed again (it reused it for the new join).
    const closedAt = fact?.endedAt ?? fact?.previousEndedAt;
    if (closedAt) reopened.push({ name: r.name, closedAtMs: Date.parse(closedAt) });
  });
  return {
    rooms,
    scanned: scan.rooms.length,
    participantReads: scan.participantReads,
    waiting: scan.waiting,
    reopened,
    flagged: rooms.length,
    roundMs: scan.roundMs,
    passMs: Math.round(performance.now() - t0),
  };
}
