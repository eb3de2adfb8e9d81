import type { ParticipantView } from "@/lib/rooms/participant-view";
import type { LiveFact } from "@/lib/history/live-fact";
import type { RoomView } from "@/lib/rooms/view";
import { formatSeconds, plural } from "@/lib/format";

export type AttentionConfig = {
  /** A room with participants but no publisher for this long needs a look. */
  noPublisherSec: number;
  /** Rooms open longer than this need a look. */
  maxAgeSec: number;
  /** Slack past a timeout before a room counts as stuck (LiveKit closes rooms on a timer). */
  graceSec: number;
  /** One participant alone for this long (from history) needs a look. */
  aloneSec: number;
  /** Nobody joined this long after the room opened (from history). */
  neverJoinedSec: number;
};

export type ReasonCode =
  | "empty_past_timeout"
  | "only_non_human"
  | "agent_not_joined"
  | "no_publisher"
  | "too_old"
  | "ghost"
  | "recreated"
  | "alone"
  | "never_joined";

/** Worst first: how the Needs attention list is ordered. */
export const REASON_ORDER: readonly ReasonCode[] = [
  "ghost",
  "recreated",
  "empty_past_timeout",
  "only_non_human",
  "agent_not_joined",
  "alone",
  "no_publisher",
  "never_joined",
  "too_old",
];

/**
 * Why a room looks stuck, as facts (not text): the page words them with the same clock that
 * shows the room's age, so "1 min ago" and "Open for 58 s" never disagree.
 */
export type Reason =
  | { code: "ghost"; why: string }
  | { code: "empty_past_timeout"; emptySinceMs: number; neverOccupied: boolean; limitSec: number }
  | { code: "only_non_human"; who: string }
  | { code: "agent_not_joined"; agent: string; dispatchedAtMs: number; limitSec: number }
  | { code: "no_publisher"; quietSinceMs: number; limitSec: number }
  | { code: "too_old"; limitSec: number }
  | { code: "recreated"; previousEndedAtMs: number; sameRoom: boolean }
  | { code: "alone"; sinceMs: number; limitSec: number }
  | { code: "never_joined"; limitSec: number };

/** How long after a close a room of the same name is at risk (LiveKit keeps the old one ~28 s). */
export const RECREATED_WINDOW_SEC = 30;

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

/**
 * Why a room looks stuck; an empty list means it looks healthy. `people` is the room's
 * participant list when it was read (and still agrees with the room's count), else undefined:
 * then the room's own counts stand in, and nothing that needs the list (who is in it, a
 * confirmed "empty") is claimed.
 */
export function reasonsFor(
  room: RoomView,
  people: ParticipantView[] | undefined,
  obs: Observation,
  cfg: AttentionConfig,
  nowMs: number,
): Reason[] {
  const reasons: Reason[] = [];
  if (obs.ghost) reasons.push({ code: "ghost", why: obs.ghost });
  const count = people ? people.length : room.numParticipants;
  if (count === 0) {
    const neverOccupied = obs.lastOccupiedMs === undefined;
    const emptySinceMs = obs.lastOccupiedMs ?? room.createdAtMs;
    const limitSec = neverOccupied ? room.emptyTimeoutSec : room.departureTimeoutSec;
    // The room's count lags joins by seconds: a wrong "empty" would invite a wrong delete.
    if (people && nowMs - emptySinceMs > (limitSec + cfg.graceSec) * 1000)
      reasons.push({ code: "empty_past_timeout", emptySinceMs, neverOccupied, limitSec });
  } else if (people?.every(isNonHuman)) {
    reasons.push({ code: "only_non_human", who: describeNonHumans(people) });
  }
  const publishing = people ? people.some((p) => p.tracks.length > 0) : room.numPublishers > 0;
  if (count > 0 && !publishing) {
    const quietSinceMs = obs.lastPublishedMs ?? room.createdAtMs;
    if (nowMs - quietSinceMs > cfg.noPublisherSec * 1000)
      reasons.push({ code: "no_publisher", quietSinceMs, limitSec: cfg.noPublisherSec });
  }
  if (nowMs - room.createdAtMs > cfg.maxAgeSec * 1000)
    reasons.push({ code: "too_old", limitSec: cfg.maxAgeSec });
  return reasons;
}

/**
 * Reasons only history can give (from LiveKit's webhooks): someone alone for long, nobody ever
 * joining, and a room recreated right after one of its name closed. Counts must agree with the
 * live list, or nothing is claimed.
 */
export function historyReasons(
  room: RoomView,
  fact: LiveFact | undefined,
  others: Reason[],
  cfg: AttentionConfig,
  nowMs: number,
): Reason[] {
  if (!fact) return [];
  const reasons: Reason[] = [];
  const startedMs = Date.parse(fact.startedAt);
  const young = nowMs - room.createdAtMs < 2 * RECREATED_WINDOW_SEC * 1000;
  if (fact.endedAt && fact.previousEndedAt === null)
    // LiveKit said this very room closed, yet lists it: it was reused.
    reasons.push({
      code: "recreated",
      previousEndedAtMs: Date.parse(fact.endedAt),
      sameRoom: true,
    });
  else if (fact.previousEndedAt && young)
    reasons.push({
      code: "recreated",
      previousEndedAtMs: Date.parse(fact.previousEndedAt),
      sameRoom: false,
    });
  if (
    fact.present === 1 &&
    room.numParticipants === 1 &&
    fact.countSince &&
    nowMs - Date.parse(fact.countSince) > cfg.aloneSec * 1000
  )
    reasons.push({ code: "alone", sinceMs: Date.parse(fact.countSince), limitSec: cfg.aloneSec });
  if (
    fact.seenBy === "webhook" &&
    fact.total === 0 &&
    room.numParticipants === 0 &&
    nowMs - startedMs > cfg.neverJoinedSec * 1000 &&
    !others.some((r) => r.code === "empty_past_timeout")
  )
    reasons.push({ code: "never_joined", limitSec: cfg.neverJoinedSec });
  return reasons;
}

/** Would this room be past its empty timeout, by its own counts? (Then its list is read.) */
export function looksEmptyTooLong(
  room: RoomView,
  obs: Observation | undefined,
  cfg: AttentionConfig,
  nowMs: number,
): boolean {
  if (room.numParticipants > 0) return false;
  const emptySinceMs = obs?.lastOccupiedMs ?? room.createdAtMs;
  const limitSec =
    obs?.lastOccupiedMs === undefined ? room.emptyTimeoutSec : room.departureTimeoutSec;
  return nowMs - emptySinceMs > (limitSec + cfg.graceSec) * 1000;
}

/** A reason in plain words, as of `nowMs` (the clock the page shows ages with). */
export function reasonText(r: Reason, room: Pick<RoomView, "createdAtMs">, nowMs: number): string {
  switch (r.code) {
    case "ghost":
      return `Listed by the server, but deleting it failed (${r.why}): a "ghost room". This usually means the room store and the nodes disagree, e.g. a node died or two servers share one Redis.`;
    case "empty_past_timeout":
      return r.neverOccupied
        ? `Empty, created ${formatSeconds(secs(nowMs - room.createdAtMs))} ago with no one seen joining: past its empty timeout (${formatSeconds(r.limitSec)}). LiveKit should have closed it.`
        : `Empty for ${formatSeconds(secs(nowMs - r.emptySinceMs))}, past its departure timeout (${formatSeconds(r.limitSec)}). LiveKit should have closed it.`;
    case "only_non_human":
      return `Only non-human participants left (${r.who}). They keep the room open.`;
    case "agent_not_joined":
      return `Agent "${r.agent}" dispatched ${formatSeconds(secs(nowMs - r.dispatchedAtMs))} ago and never joined (limit ${formatSeconds(r.limitSec)}). Is a worker registered under that name? A dispatch made before its worker registered is never delivered.`;
    case "no_publisher":
      return `No one has published for ${formatSeconds(secs(nowMs - r.quietSinceMs))} (limit ${formatSeconds(r.limitSec)}).`;
    case "too_old":
      return `Open for ${formatSeconds(secs(nowMs - room.createdAtMs))}, longer than ${formatSeconds(r.limitSec)}.`;
    case "recreated":
      return r.sameRoom
        ? `LiveKit reported this room closed ${formatSeconds(secs(nowMs - r.previousEndedAtMs))} ago, yet lists it again: it was reused, and its old pending close may still end it.`
        : `Recreated ${formatSeconds(secs(room.createdAtMs - r.previousEndedAtMs))} after a room of the same name closed: LiveKit reuses the old room for ~${RECREATED_WINDOW_SEC} s and its pending timeout can close this one. Check that people can stay in it.`;
    case "alone":
      return `One person alone for ${formatSeconds(secs(nowMs - r.sinceMs))} (limit ${formatSeconds(r.limitSec)}): waiting for someone who never came?`;
    case "never_joined":
      return `Nobody has joined since it opened ${formatSeconds(secs(nowMs - room.createdAtMs))} ago (limit ${formatSeconds(r.limitSec)}).`;
  }
}

/** How bad a room's worst reason is (0 = worst), for ordering. */
export const severityOf = (room: { reasons: Reason[] }) =>
  Math.min(...room.reasons.map((r) => REASON_ORDER.indexOf(r.code)), REASON_ORDER.length);

/**
 * Worst first (ghost, then empty past its timeout, …), then the oldest, then by name: a stable
 * order that does not shuffle between checks.
 */
export function orderAttention(rooms: AttentionRoom[], q: string, reason: ReasonCode | "") {
  const needle = q.trim().toLocaleLowerCase();
  return rooms
    .filter((r) => !reason || r.reasons.some((x) => x.code === reason))
    .filter((r) => !needle || r.name.toLocaleLowerCase().includes(needle))
    .sort(
      (a, b) =>
        severityOf(a) - severityOf(b) ||
        a.createdAtMs - b.createdAtMs ||
        (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );
}

/** Updates what has been seen of a room: from its list when read, else from its counts. */
export function observe(
  prev: Observation | undefined,
  room: RoomView,
  people: ParticipantView[] | undefined,
  nowMs: number,
): Observation {
  const occupied = people ? people.length > 0 : room.numParticipants > 0;
  const publishing = people ? people.some((p) => p.tracks.length > 0) : room.numPublishers > 0;
  // Nothing new to note (most rooms, most scans): the same observation, nothing allocated.
  if (prev && !occupied && !publishing) return prev;
  const next: Observation = { ...(prev ?? { firstSeenMs: nowMs }) };
  if (occupied) next.lastOccupiedMs = nowMs;
  if (publishing) next.lastPublishedMs = nowMs;
  return next;
}
