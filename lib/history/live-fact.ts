/** How history learnt of a session: its room_started webhook, later events, or the live list. */
export type SeenBy = "webhook" | "events" | "listing";

/**
 * What history knows of a live room (by sid) that Needs attention asks about: read by
 * HistoryStore.liveFacts, kept between scans by LiveFactsCache. Its own module so that both
 * import it without importing each other.
 */
export type LiveFact = {
  sid: string;
  present: number;
  total: number;
  seenBy: SeenBy;
  startedAt: string;
  /** When the number present last changed. */
  countSince: string | null;
  /** Set when LiveKit reported this very room closed (it is listed again: reused). */
  endedAt: string | null;
  /** Another room of this name that closed within 30 s before this one started (recently). */
  previousEndedAt: string | null;
};

/** A fact as loaded, with the room name it was loaded under (what name changes reach). */
export type NamedFact = LiveFact & { name: string };
