/** History as the browser sees it: our own shapes, never LiveKit's objects. */

export type SessionView = {
  sid: string;
  name: string;
  startedAt: string;
  /** Null while the room is open. */
  endedAt: string | null;
  /** finished: LiveKit said so; no_webhook: gone from the live list without a word. */
  endKind: "finished" | "no_webhook" | null;
  /** How history learnt of it: its room_started webhook, later events only, or the live list. */
  seenBy: "webhook" | "events" | "listing";
  peak: number;
  /** Participants at the last event (open sessions). */
  present: number;
  /** Different identities that joined. */
  total: number;
  identities: string[];
  moreIdentities: number;
  events: number;
};

export type HistoryRange = "hour" | "day" | "week" | "month" | "all";

export type HistoryList = {
  sessions: SessionView[];
  /** Cursor of the next (older) page, or null at the end. */
  next: string | null;
  /** The newest webhook of this project, if any ever came. */
  lastWebhook: { at: string; dropped: number } | null;
  /** Where LiveKit must post this project's webhooks (a path on this console). */
  webhookPath: string;
  /** Search by room name reads every session: this database has no trigram index (pg_trgm). */
  searchSlow: boolean;
};

export type TimelineItem = {
  at: string;
  kind: "room" | "participant" | "track" | "egress" | "ingress" | "audit" | "other";
  /** Plain words: "alice joined", "Bob deleted the room". */
  text: string;
  detail?: string;
  /** The audit row behind an operator's action. */
  auditId?: number;
  /** Something went wrong or was refused. */
  warn?: boolean;
};

/** Why a session ended, as far as the console can tell. */
export type Closure =
  | { kind: "open" }
  | { kind: "operator"; actor: string; auditId: number; at: string; bulk: boolean }
  /** Deleted by another tool: its participants were told so, or it closed before its timeout. */
  | { kind: "api"; early?: { afterSec: number; timeoutSec: number; emptied: boolean } }
  | { kind: "emptied" }
  | { kind: "no_webhook"; noticedAt: string }
  | { kind: "unknown" };

export type SessionDetail = {
  session: SessionView;
  timeline: TimelineItem[];
  closure: Closure;
  /** More events exist than the page shows. */
  truncated: boolean;
};

export type HistoryStats = {
  range: "hour" | "day" | "week";
  series: { at: string; rooms: number; participants: number }[];
  /** Sessions that ended in the range, by duration. */
  durations: { label: string; count: number }[];
  ended: number;
};
