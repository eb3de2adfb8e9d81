import "server-only";
import type { AuditRow } from "@/lib/db/audit-store";
import type { SessionRow, StoredEventRow } from "@/lib/history/store";
import type { Closure, SessionView, TimelineItem } from "@/lib/history/view";
import { egressLine } from "@/lib/egress/timeline";
import { toEgressView } from "@/lib/egress/view";

export const IDENTITIES_SHOWN = 8;

export function toSessionView(r: SessionRow, identities = IDENTITIES_SHOWN): SessionView {
  return {
    sid: r.roomSid,
    name: r.roomName,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    endKind: r.endKind,
    seenBy: r.seenBy,
    peak: r.peak,
    present: r.present,
    total: r.total,
    identities: r.identities.slice(0, identities),
    moreIdentities: Math.max(0, r.identities.length - identities),
    events: r.events,
  };
}

/** LiveKit's DisconnectReason names, in words. */
const LEFT_BECAUSE: Record<string, string> = {
  CLIENT_INITIATED: "left on their own",
  DUPLICATE_IDENTITY: "replaced by a newer connection with the same identity",
  SERVER_SHUTDOWN: "the LiveKit server shut down",
  PARTICIPANT_REMOVED: "removed from the room",
  ROOM_DELETED: "the room was deleted",
  STATE_MISMATCH: "client and server disagreed on state",
  JOIN_FAILURE: "could not finish joining",
  MIGRATION: "moved to another server",
  SIGNAL_CLOSE: "the connection to the server closed",
  ROOM_CLOSED: "the room closed",
  USER_UNAVAILABLE: "the SIP user was unavailable",
  USER_REJECTED: "the SIP user rejected the call",
  SIP_TRUNK_FAILURE: "the SIP trunk failed",
  CONNECTION_TIMEOUT: "the connection timed out",
  MEDIA_FAILURE: "media could not flow",
};

const KIND_WORD: Record<string, string> = {
  AGENT: "agent",
  INGRESS: "ingress",
  EGRESS: "recorder",
  SIP: "phone caller",
};

const obj = (v: unknown) => (v && typeof v === "object" ? (v as Record<string, unknown>) : {});
const str = (v: unknown) => (typeof v === "string" ? v : "");
const lower = (s: string) => s.toLowerCase().replaceAll("_", " ");

function trackWords(track: Record<string, unknown>): string {
  const source = str(track.source);
  const type = str(track.type) || "AUDIO"; // protobuf JSON leaves out the first enum value
  const what =
    source === "SCREEN_SHARE"
      ? "screen share"
      : source === "SCREEN_SHARE_AUDIO"
        ? "screen-share audio"
        : source === "CAMERA"
          ? "camera"
          : source === "MICROPHONE"
            ? "microphone"
            : `${lower(type)} track`;
  const name = str(track.name);
  return name ? `${what} “${name}”` : what;
}

/**
 * LiveKit stamps events in whole seconds; the console's receipt is exact. Within the event's
 * second the receipt time places it (against operators' actions, stamped to the millisecond);
 * a late delivery (a retry) stays at the end of its second.
 */
function refinedAt(e: StoredEventRow): string {
  const at = Date.parse(e.at);
  const late = Date.parse(e.receivedAt) - at;
  return new Date(at + Math.min(Math.max(late, 0), 999)).toISOString();
}

function eventItem(e: StoredEventRow): TimelineItem {
  const p = obj(e.payload.participant);
  const who = str(p.identity) || e.participantIdentity || "someone";
  const kind = KIND_WORD[str(p.kind)];
  const whoWords = kind ? `${who} (${kind})` : who;
  const track = obj(e.payload.track);
  const egress = obj(e.payload.egressInfo);
  const ingress = obj(e.payload.ingressInfo);
  const base = { at: refinedAt(e) };
  switch (e.event) {
    case "room_started":
      return { ...base, kind: "room", text: "Room opened" };
    case "room_finished":
      return { ...base, kind: "room", text: "Room closed" };
    case "participant_joined":
      return { ...base, kind: "participant", text: `${whoWords} joined` };
    case "participant_left": {
      const reason = str(p.disconnectReason);
      return {
        ...base,
        kind: "participant",
        text: `${whoWords} left`,
        detail: reason ? (LEFT_BECAUSE[reason] ?? lower(reason)) : undefined,
      };
    }
    case "participant_connection_aborted":
      return {
        ...base,
        kind: "participant",
        text: `${whoWords} could not finish connecting`,
        warn: true,
      };
    case "track_published":
      return { ...base, kind: "track", text: `${who} started sharing their ${trackWords(track)}` };
    case "track_unpublished":
      return { ...base, kind: "track", text: `${who} stopped sharing their ${trackWords(track)}` };
    case "egress_started":
    case "egress_updated":
    case "egress_ended":
      return { ...base, kind: "egress", ...egressLine(e.event, toEgressView(egress, "webhook")) };
    case "ingress_started":
    case "ingress_ended": {
      // Protobuf JSON leaves out the first enum value (ENDPOINT_INACTIVE).
      const state = obj(ingress.state);
      const status = str(state.status) || "ENDPOINT_INACTIVE";
      const error = str(state.error);
      const who = str(ingress.participantIdentity);
      return {
        ...base,
        kind: "ingress",
        text: `Incoming stream “${str(ingress.name) || str(ingress.ingressId)}” ${e.event === "ingress_started" ? "started" : "ended"}${who ? ` (as ${who})` : ""}`,
        detail: [lower(status.replace(/^ENDPOINT_/, "")), error].filter(Boolean).join(" · "),
        warn: Boolean(error) || status === "ENDPOINT_ERROR",
      };
    }
    default:
      return { ...base, kind: "other", text: lower(e.event) || "event" };
  }
}

const AUDIT_WORDS: Record<string, (target: string) => string> = {
  "room.create": () => "created the room",
  "room.delete": () => "deleted the room",
  "room.metadata": () => "changed the room's metadata",
  "room.send-data": () => "sent a data message to the room",
  "participant.remove": (t) => `removed ${t}`,
  "participant.mute": (t) => `muted or unmuted a track of ${t}`,
  "participant.update": (t) => `changed ${t}'s permissions or metadata`,
  "agent.dispatch": (t) => `dispatched agent ${t}`,
  "agent.dispatch-delete": (t) => `deleted agent dispatch ${t}`,
  "egress.start": () => "started a recording or stream",
  "ingress.create": (t) => `created a stream input publishing as ${t}`,
  "ingress.update": (t) => `changed stream input ${t}`,
};

/** Whether an audit row is about this room (participant actions target "room/identity"). */
export const aboutRoom = (row: AuditRow, room: string) =>
  row.target === room ||
  ((row.action.startsWith("participant.") ||
    row.action.startsWith("agent.") ||
    row.action.startsWith("ingress.")) &&
    row.target.startsWith(`${room}/`));

function auditItem(row: AuditRow, room: string): TimelineItem {
  const target = row.target.startsWith(`${room}/`) ? row.target.slice(room.length + 1) : room;
  const words = AUDIT_WORDS[row.action]?.(target) ?? `${row.action} ${target}`;
  const bulk = row.params.bulk === true ? " (bulk delete)" : "";
  const failed = row.outcome !== "ok";
  return {
    at: row.at,
    kind: "audit",
    text: `${row.actor} ${words}${bulk}`,
    detail: failed
      ? `${row.outcome}${row.errorCode ? `: ${row.errorCode}` : ""}`
      : row.disconnected
        ? `${row.disconnected} disconnected`
        : undefined,
    auditId: row.id,
    warn: failed,
  };
}

/** The session's events and the console's own actions on the room, in time order. */
export function timelineOf(
  events: StoredEventRow[],
  audit: AuditRow[],
  room: string,
): TimelineItem[] {
  const items = [
    ...events.map(eventItem),
    ...audit.filter((a) => aboutRoom(a, room)).map((a) => auditItem(a, room)),
  ];
  // Stable: events keep their stored order within a second (LiveKit stamps whole seconds).
  return items
    .map((item, i) => ({ item, i, t: Date.parse(item.at) }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map((x) => x.item);
}

/** Why it closed: an operator's delete (with its audit row), someone else's, a timeout, or unknown. */
export function closureOf(
  s: SessionRow,
  events: StoredEventRow[],
  audit: AuditRow[],
  room: string,
): Closure {
  if (!s.endedAt) return { kind: "open" };
  const end = Date.parse(s.endedAt);
  const deleted = audit
    .filter((a) => a.action === "room.delete" && a.target === room && a.outcome === "ok")
    .filter((a) => {
      const t = Date.parse(a.at);
      return t >= Date.parse(s.startedAt) - 1_000 && t <= end + 30_000;
    })
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))[0];
  if (deleted)
    return {
      kind: "operator",
      actor: deleted.actor,
      auditId: deleted.id,
      at: deleted.at,
      bulk: deleted.params.bulk === true,
    };
  if (s.endKind === "no_webhook") return { kind: "no_webhook", noticedAt: s.endedAt };
  const deletedElsewhere = events.some(
    (e) =>
      e.event === "participant_left" &&
      obj(e.payload.participant).disconnectReason === "ROOM_DELETED",
  );
  if (deletedElsewhere) return { kind: "api" };
  if (s.present !== 0 || s.endKind !== "finished") return { kind: "unknown" };
  // Empty at the end: LiveKit closes such a room when its timeout runs out. Closed sooner than
  // that, someone deleted it (another tool: this console has no record).
  const opened = obj(events.find((e) => e.event === "room_started")?.payload.room);
  const leaves = events.filter(
    (e) => e.event === "participant_left" || e.event === "participant_connection_aborted",
  );
  const lastLeave = leaves.at(-1);
  const timeoutSec = Number(lastLeave ? opened.departureTimeout : opened.emptyTimeout);
  const emptySince = Date.parse(lastLeave?.at ?? s.startedAt);
  // Whole-second stamps on both ends, and LiveKit checks its timeouts every few seconds.
  if (Number.isFinite(timeoutSec) && opened.sid && end - emptySince < (timeoutSec - 3) * 1000)
    return {
      kind: "api",
      early: {
        afterSec: Math.round((end - emptySince) / 1000),
        timeoutSec,
        emptied: lastLeave !== undefined,
      },
    };
  return { kind: "emptied" };
}

const DURATION_BUCKETS: { label: string; upTo: number }[] = [
  { label: "<1 min", upTo: 60 },
  { label: "1–5 min", upTo: 300 },
  { label: "5–15", upTo: 900 },
  { label: "15–60", upTo: 3_600 },
  { label: "1–4 h", upTo: 14_400 },
  { label: ">4 h", upTo: Infinity },
];

export function durationHistogram(seconds: number[]): { label: string; count: number }[] {
  const counts = DURATION_BUCKETS.map((b) => ({ label: b.label, count: 0 }));
  for (const s of seconds) counts[DURATION_BUCKETS.findIndex((b) => s < b.upTo)]!.count += 1;
  return counts;
}
