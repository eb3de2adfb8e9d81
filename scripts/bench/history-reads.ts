/**
 * The History page's reads through the console's routes, each next to the same store call made
 * straight on a pg pool (the same SQL without Next, the pipeline and JSON), interleaved: every
 * sample takes one of each, case after case, round after round.
 */
import type { Pool } from "pg";
import { HistoryStore } from "@/lib/history/store";
import { ms, pct } from "./console";

type Case = {
  name: string;
  path: string;
  direct: () => Promise<unknown>;
  /** Samples per round (the week's chart is seconds a call: fewer). */
  samples?: number;
};

const HOUR = 3_600_000;

function cases(pool: Pool, sessions: number, cursor: { startedAt: string; roomSid: string }) {
  const h = new HistoryStore(pool);
  const p = "default";
  const page = (q: Parameters<HistoryStore["sessions"]>[1]) => () =>
    Promise.all([h.sessions(p, q), h.lastWebhook(p)]);
  const stats = (rangeMs: number, buckets: number) => () => {
    const until = new Date();
    const since = new Date(until.getTime() - rangeMs);
    return Promise.all([h.series(p, since, until, buckets), h.durations(p, since, until)]);
  };
  const sid = `RM_b${Math.floor(sessions / 3)}`;
  const list: Case[] = [
    { name: "first page", path: "history", direct: page({ limit: 51 }) },
    {
      name: "charts, last hour (first load)",
      path: "history-stats?range=hour",
      direct: stats(HOUR, 60),
    },
    {
      name: "a session's timeline",
      path: `history/${sid}`,
      direct: () => Promise.all([h.session(p, sid), h.events(p, sid, 2001)]),
    },
    {
      name: "range: last hour",
      path: "history?range=hour",
      direct: page({ since: new Date(Date.now() - HOUR), limit: 51 }),
    },
    {
      name: "range: last 24 hours",
      path: "history?range=day",
      direct: page({ since: new Date(Date.now() - 24 * HOUR), limit: 51 }),
    },
    {
      name: `page at session ${(sessions / 2).toLocaleString("en-US")}`,
      path: `history?before=${encodeURIComponent(`${cursor.startedAt}~${cursor.roomSid}`)}`,
      direct: page({ before: cursor, limit: 51 }),
    },
    {
      name: "search room name (room-1234)",
      path: "history?q=room-1234",
      direct: page({ q: "room-1234", limit: 51 }),
    },
    {
      name: "search identity (user-42)",
      path: "history?q=user-42",
      direct: page({ q: "user-42", limit: 51 }),
    },
    {
      name: "search 2 letters, no match (zq)",
      path: "history?q=zq",
      direct: page({ q: "zq", limit: 51 }),
      samples: 5,
    },
    {
      name: "charts, last 24 hours",
      path: "history-stats?range=day",
      direct: stats(24 * HOUR, 96),
      samples: 3,
    },
    {
      name: "charts, last 7 days",
      path: "history-stats?range=week",
      direct: stats(7 * 24 * HOUR, 84),
      samples: 2,
    },
  ];
  return list;
}

export async function measureReads(opts: {
  pool: Pool;
  base: string;
  cookie: string;
  sessions: number;
  samples: number;
  rounds: number;
  light?: boolean;
  log?: (s: string) => void;
}) {
  const log = opts.log ?? console.log;
  const { rows } = await opts.pool.query<{ started_at: Date; room_sid: string }>(
    `SELECT started_at, room_sid FROM room_sessions WHERE project = 'default'
     ORDER BY started_at DESC, room_sid DESC OFFSET $1 LIMIT 1`,
    [Math.floor(opts.sessions / 2)],
  );
  const cursor = { startedAt: rows[0]!.started_at.toISOString(), roomSid: rows[0]!.room_sid };
  // --light: without the slow cases (2 letters, the day's and week's charts), which evict the
  // cache the others read from and load the machine between their samples.
  const list = cases(opts.pool, opts.sessions, cursor).filter((c) => !opts.light || !c.samples);
  const route = list.map(() => [] as number[][]);
  const direct = list.map(() => [] as number[][]);
  for (let r = 0; r < opts.rounds; r++) {
    list.forEach((_, i) => {
      route[i]!.push([]);
      direct[i]!.push([]);
    });
    const most = Math.max(...list.map((c) => c.samples ?? opts.samples));
    for (let s = 0; s < most; s++)
      for (const [i, c] of list.entries()) {
        if (s >= (c.samples ?? opts.samples)) continue;
        let t = performance.now();
        const res = await fetch(`${opts.base}/api/p/default/${c.path}`, {
          headers: { Cookie: opts.cookie },
        });
        const body = (await res.json()) as { ok: boolean };
        if (!body.ok) throw new Error(`${c.path}: ${JSON.stringify(body).slice(0, 300)}`);
        route[i]!.at(-1)!.push(performance.now() - t);
        t = performance.now();
        await c.direct();
        direct[i]!.at(-1)!.push(performance.now() - t);
      }
  }
  log(
    `History reads, ${opts.rounds} rounds interleaved (p95 per round in brackets; fewer samples where noted):`,
  );
  for (const [i, c] of list.entries()) {
    const a = route[i]!.flat();
    const b = direct[i]!.flat();
    const perRound = route[i]!.map((x) => pct(x, 95).toFixed(0)).join("/");
    log(
      `  ${c.name.padEnd(34)} route p50 ${ms(pct(a, 50))}, p95 ${ms(pct(a, 95))} [${perRound}]; same SQL direct p50 ${ms(pct(b, 50))}, p95 ${ms(pct(b, 95))}; n=${a.length}`,
    );
  }
}
