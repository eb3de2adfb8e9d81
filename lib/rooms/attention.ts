import type { ParticipantView } from "@/lib/rooms/participant-view";
import type { RoomView } from "@/lib/rooms/view";
import { formatSeconds, plural } from "@/lib/format";

export type AttentionConfig = {
  /** A room with participants but no publisher for this long needs a look. */
  noPublisherSec: number;
  /** Rooms open longer than this need a look. */
  maxAgeSec: number;
  /** Slack past a timeout before a room counts as stuck (LiveKit closes rooms on a timer). */
  graceSec: number;
};

export type ReasonCode =
  "empty_past_timeout" | "only_non_human" | "no_publisher" | "too_old" | "ghost";
export type Reason = { code: ReasonCode; text: string };

/** What this console has seen of a room over time (LiveKit keeps no such history). */
export type Observation = {
  firstSeenMs: number;
  lastOccupiedMs?: number;
  lastPublishedMs?: number;
  ghost?: string;
};

export type AttentionRoom = RoomView & { participants: number; reasons: Reason[] };

const NON_HUMAN_KINDS = new Set(["agent", "egress", "ingress", "sip", "connector", "bridge"]);

export const isNonHuman = (p: ParticipantView) =>
  NON_HUMAN_KINDS.has(p.kind) || p.permission.hidden || p.permission.recorder;

const KIND_WORD: Record<string, string> = {
  agent: "agent",
  egress: "egress",
  ingress: "ingress",
  sip: "SIP caller",
  connector: "connector",
  bridge: "bridge",
};

function describeNonHumans(ps: ParticipantView[]): string {
  const counts = new Map<string, number>();
  for (const p of ps) {
    const word = KIND_WORD[p.kind] ?? (p.permission.recorder ? "recorder" : "hidden participant");
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return [...counts].map(([w, n]) => plural(n, w)).join(", ");
}

const secs = (ms: number) => Math.max(0, Math.floor(ms / 1000));

/** Why a room looks stuck, in plain words; an empty list means it looks healthy. */
export function reasonsFor(
  room: RoomView,
  participants: ParticipantView[],
  obs: Observation,
  cfg: AttentionConfig,
  nowMs: number,
): Reason[] {
  const reasons: Reason[] = [];
  const ageSec = secs(nowMs - room.createdAtMs);
  if (obs.ghost) {
    reasons.push({
      code: "ghost",
      text: `Listed by the server, but deleting it failed (${obs.ghost}): a "ghost room". This usually means the room store and the nodes disagree, e.g. a node died or two servers share one Redis.`,
    });
  }
  if (participants.length === 0) {
    const emptySinceMs = obs.lastOccupiedMs ?? room.createdAtMs;
    const emptySec = secs(nowMs - emptySinceMs);
    const limit =
      obs.lastOccupiedMs === undefined ? room.emptyTimeoutSec : room.departureTimeoutSec;
    if (nowMs - emptySinceMs > (limit + cfg.graceSec) * 1000) {
      reasons.push({
        code: "empty_past_timeout",
        text:
          obs.lastOccupiedMs === undefined
            ? `Empty, created ${formatSeconds(ageSec)} ago with no one seen joining: past its empty timeout (${formatSeconds(room.emptyTimeoutSec)}). LiveKit should have closed it.`
            : `Empty for ${formatSeconds(emptySec)}, past its departure timeout (${formatSeconds(room.departureTimeoutSec)}). LiveKit should have closed it.`,
      });
    }
  } else if (participants.every(isNonHuman)) {
    reasons.push({
      code: "only_non_human",
      text: `Only non-human participants left (${describeNonHumans(participants)}). They keep the room open.`,
    });
  }
  const publishing = participants.some((p) => p.tracks.length > 0);
  if (participants.length > 0 && !publishing) {
    const quietMs = nowMs - (obs.lastPublishedMs ?? room.createdAtMs);
    const quietSec = secs(quietMs);
    if (quietMs > cfg.noPublisherSec * 1000) {
      reasons.push({
        code: "no_publisher",
        text: `No one has published for ${formatSeconds(quietSec)} (limit ${formatSeconds(cfg.noPublisherSec)}).`,
      });
    }
  }
  if (nowMs - room.createdAtMs > cfg.maxAgeSec * 1000) {
    reasons.push({
      code: "too_old",
      text: `Open for ${formatSeconds(ageSec)}, longer than ${formatSeconds(cfg.maxAgeSec)}.`,
    });
  }
  return reasons;
}

/** Updates what has been seen of a room in this scan. */
export function observe(
  prev: Observation | undefined,
  participants: ParticipantView[],
  nowMs: number,
): Observation {
  const next: Observation = { ...(prev ?? { firstSeenMs: nowMs }) };
  if (participants.length > 0) next.lastOccupiedMs = nowMs;
  if (participants.some((p) => p.tracks.length > 0)) next.lastPublishedMs = nowMs;
  return next;
}
