import { z } from "zod";

/** Sessions per History page. */
export const HISTORY_PAGE_SIZE = 50;

export const RANGE_MS = {
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
  month: 30 * 86_400_000,
} as const;

export const HISTORY_RANGES = ["all", "hour", "day", "week", "month"] as const;

/** "started-at~sid" of the last session on the previous page. */
const cursor = z
  .string()
  .max(200)
  .transform((v, ctx) => {
    const at = v.indexOf("~");
    const startedAt = v.slice(0, at);
    if (at < 1 || Number.isNaN(Date.parse(startedAt))) {
      ctx.addIssue({ code: "custom", message: "Page cursor is not valid" });
      return z.NEVER;
    }
    return { startedAt: new Date(startedAt).toISOString(), roomSid: v.slice(at + 1) };
  });

/**
 * The History page's URL: search (room name or identity), time range and page cursor. A
 * malformed value falls back to its default rather than failing the page.
 */
export const historyQuerySchema = z.object({
  q: z
    .string()
    .max(200, "Search is at most 200 characters")
    .transform((s) => s.trim())
    .default(""),
  range: z.enum(HISTORY_RANGES).default("all").catch("all"),
  before: cursor.optional().catch(undefined),
});

export type HistoryQuery = z.input<typeof historyQuerySchema>;
