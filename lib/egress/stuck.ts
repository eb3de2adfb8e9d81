import type { EgressView } from "@/lib/egress/types";
import { formatSeconds } from "@/lib/format";

/** Why a recording looks stuck, as facts; worded by `stuckText` with the page's clock. */
export type EgressReason =
  | { code: "egress_room_gone"; sinceMs: number }
  | { code: "egress_quiet_empty"; sinceMs: number; limitSec: number }
  | { code: "egress_stop_failed"; atMs: number; actor: string; errorCode: string };

export type StuckEgress = { egress: EgressView; reasons: EgressReason[] };

export type FailedStop = { egressId: string; atMs: number; actor: string; errorCode: string };

/** A room as the live list has it, for judging its recordings. */
export type RoomCount = { name: string; numParticipants: number };

const secs = (ms: number) => Math.max(0, Math.floor(ms / 1000));

/**
 * Recordings that look stuck: active for a room LiveKit no longer lists; active with no status
 * change for `quietSec` while their room is empty; or a stop LiveKit could not deliver. A web
 * egress (no room name) is judged by its stops only.
 * `rooms` undefined (the list could not be read): no room-based claim is made.
 */
export function stuckEgress(
  list: EgressView[],
  rooms: RoomCount[] | undefined,
  failedStops: FailedStop[],
  lastWordMs: ReadonlyMap<string, number>,
  cfg: { quietSec: number; graceSec: number },
  nowMs: number,
): StuckEgress[] {
  const byName = rooms && new Map(rooms.map((r) => [r.name, r]));
  const out: StuckEgress[] = [];
  for (const e of list) {
    if (!e.active) continue;
    // LiveKit's own stamp of the last status change; the webhook's arrival only without one.
    const changedMs = Math.max(e.updatedAtMs, e.startedAtMs) || (lastWordMs.get(e.id) ?? 0);
    const reasons: EgressReason[] = [];
    // A web egress records a page, not a room: it has no room name, so no room-based claim.
    const hasRoom = e.room !== "";
    const room = hasRoom ? byName?.get(e.room) : undefined;
    // Within the grace a room may just not be listed yet (or a start is racing its room).
    if (byName && hasRoom && !room && nowMs - changedMs > cfg.graceSec * 1000)
      reasons.push({ code: "egress_room_gone", sinceMs: changedMs });
    if (room && room.numParticipants === 0 && nowMs - changedMs > cfg.quietSec * 1000)
      reasons.push({ code: "egress_quiet_empty", sinceMs: changedMs, limitSec: cfg.quietSec });
    const stop = failedStops
      .filter((s) => s.egressId === e.id && s.atMs >= changedMs - 1_000)
      .sort((a, b) => b.atMs - a.atMs)[0];
    if (stop)
      reasons.push({
        code: "egress_stop_failed",
        atMs: stop.atMs,
        actor: stop.actor,
        errorCode: stop.errorCode,
      });
    if (reasons.length > 0) out.push({ egress: e, reasons });
  }
  return out;
}

/** A reason in plain words with what to do, as of `nowMs`. */
export function stuckText(
  r: EgressReason,
  e: Pick<EgressView, "room" | "status">,
  nowMs: number,
): string {
  switch (r.code) {
    case "egress_room_gone":
      return `Still ${e.status} for room “${e.room}”, which LiveKit no longer lists (last word ${formatSeconds(secs(nowMs - r.sinceMs))} ago). Its egress service may have lost it (a restart leaves such ghosts): stop it here; if LiveKit answers that it does not exist, nothing is recording and the entry ages out of History.`;
    case "egress_quiet_empty":
      return `No status change for ${formatSeconds(secs(nowMs - r.sinceMs))} (limit ${formatSeconds(r.limitSec)}) while its room is empty: it is likely recording silence. Stop it, or check the egress service's log.`;
    case "egress_stop_failed":
      return `${r.actor}'s stop ${formatSeconds(secs(nowMs - r.atMs))} ago did not reach an egress service (${r.errorCode.replaceAll("_", " ")}). Check that livekit/egress runs against LiveKit's Redis, then stop it again.`;
  }
}
