/**
 * What every page of a project polls (one request per tab every 10 s): the nav's "Needs
 * attention" badge, the rooms that reopened right after closing, and whether Redis is away.
 */
export type AttentionCount = {
  count: number;
  /** Open rooms whose name closed shortly before they opened (at most 500). */
  reopened: { name: string; closedAtMs: number }[];
  /** Redis is configured but not answering: this instance reads LiveKit on its own. */
  redisDown?: true;
};
