import "server-only";
import { z } from "zod";
import { procedure } from "@/lib/procedures/procedure";
import { ROUTES } from "@/lib/procedures/routes";
import { ActionFailure } from "@/lib/procedures/failure";
import { closureOf, durationHistogram, timelineOf, toSessionView } from "@/lib/history/timeline";
import type { HistoryList, HistoryRange, HistoryStats, SessionDetail } from "@/lib/history/view";
import { historyQuerySchema, HISTORY_PAGE_SIZE, RANGE_MS } from "@/lib/history/query-schema";
import { roomNameSchema } from "@/lib/rooms/schema";
import { RECREATED_WINDOW_SEC } from "@/lib/rooms/attention";
import { maskSession, maskSessionDetail } from "@/lib/sip/mask";

const cursorOf = (startedAt: string, sid: string) => `${startedAt}~${sid}`;

const sinceOf = (range: HistoryRange, now: number) =>
  range === "all" ? undefined : new Date(now - RANGE_MS[range]);

/** Sessions, newest first, 50 a page: by room name or identity, within a time range. */
export const listHistory = procedure({
  name: "history.list",
  permission: "view",
  input: historyQuerySchema,
  handler: async (i, { history, project, role }): Promise<HistoryList> => {
    const [rows, lastWebhook, indexed] = await Promise.all([
      history.sessions({
        q: i.q || undefined,
        since: sinceOf(i.range, Date.now()),
        before: i.before,
        limit: HISTORY_PAGE_SIZE + 1,
      }),
      history.lastWebhook(),
      history.searchIndexed(),
    ]);
    const page = rows.slice(0, HISTORY_PAGE_SIZE);
    const last = page.at(-1);
    return {
      // Callers' identities hold their numbers: viewers see them masked.
      sessions: page.map((r) =>
        role === "viewer" ? maskSession(toSessionView(r)) : toSessionView(r),
      ),
      next: rows.length > HISTORY_PAGE_SIZE && last ? cursorOf(last.startedAt, last.roomSid) : null,
      lastWebhook: lastWebhook ?? null,
      webhookPath: `/api/webhooks/${project}`,
      searchSlow: !indexed,
    };
  },
  route: { path: ROUTES.listHistory, query: true },
});

/** The events a session page shows at most (a long meeting has thousands of track events). */
const TIMELINE_EVENTS = 2_000;

/** One session: its facts, its timeline (events and operators' actions), why it closed. */
export const readSession = procedure({
  name: "history.session",
  permission: "view",
  input: z.object({
    sid: z
      .string({ error: "Session id is required" })
      .min(1, "Session id is required")
      .max(64, "Session id is at most 64 characters"),
  }),
  handler: async (i, { history, audit, role }): Promise<SessionDetail> => {
    const s = await history.session(i.sid);
    if (!s)
      throw new ActionFailure({
        code: "not_found",
        message:
          "History has no session with this id. It appears with the room's first webhook, or within a sweep (30 s) of the room being listed.",
      });
    const events = await history.events(i.sid, TIMELINE_EVENTS + 1);
    const until = s.endedAt ? new Date(Date.parse(s.endedAt) + 60_000) : undefined;
    const rows = await audit.read({
      target: s.roomName,
      since: new Date(Date.parse(s.startedAt) - 60_000),
      until,
      limit: 2_000,
    });
    const shown = events.slice(0, TIMELINE_EVENTS);
    const detail: SessionDetail = {
      session: toSessionView(s, Infinity),
      timeline: timelineOf(shown, rows, s.roomName),
      closure: closureOf(s, shown, rows, s.roomName),
      truncated: events.length > TIMELINE_EVENTS,
    };
    return role === "viewer" ? maskSessionDetail(detail) : detail;
  },
  route: { path: ROUTES.readSession },
});

const BUCKETS = { hour: 60, day: 96, week: 84 } as const;

/** Rooms and participants over the last hour, day or week, and how long sessions lasted. */
export const historyStats = procedure({
  name: "history.stats",
  permission: "view",
  input: z.object({
    range: z.enum(["hour", "day", "week"]).default("day").catch("day"),
  }),
  handler: async (i, { history }): Promise<HistoryStats> => {
    const until = new Date();
    const since = new Date(until.getTime() - RANGE_MS[i.range]);
    const [series, durations] = await Promise.all([
      history.series(since, until, BUCKETS[i.range]),
      history.durations(since, until),
    ]);
    return {
      range: i.range,
      series,
      durations: durationHistogram(durations),
      ended: durations.length,
    };
  },
  route: { path: ROUTES.historyStats, query: true },
});

/**
 * Whether a room of this name closed within LiveKit's reuse window (~30 s): a room created now
 * may be the old one, closed by its pending timeout. The create form warns with it.
 */
export const recentlyClosed = procedure({
  name: "history.recently-closed",
  permission: "view",
  input: z.object({ room: roomNameSchema }),
  handler: async (i, { history }) => ({
    closedAt: (await history.closedRecently(i.room, RECREATED_WINDOW_SEC * 1000)) ?? null,
    windowSec: RECREATED_WINDOW_SEC,
  }),
  route: { path: ROUTES.recentlyClosed },
});
