/** The nav's "Needs attention" badge and the rooms that reopened right after closing. */
export type AttentionCount = {
  count: number;
  /** Open rooms whose name closed shortly before they opened (at most 500). */
  reopened: { name: string; closedAtMs: number }[];
};
