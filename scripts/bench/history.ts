/**
 * History benchmark, on PostgreSQL (127.0.0.1:5432, a schema of its own, dropped after):
 *   - webhook ingest through the production console's receiver (signed events over HTTP):
 *     events/s and ack p50/p99, next to raw single-row INSERTs into the same table at the same
 *     concurrency, interleaved in rounds;
 *   - the History page's reads at 1,000,000 stored events and 100,000 sessions (first page,
 *     search by room name, by identity, a time range, a deep page, a session's timeline),
 *     through the console's routes, next to the raw SELECT each one runs, interleaved.
 *   npm run bench:history [-- --events 1000000 --rounds 5 --concurrency 16]
 * Needs `npm run build` first.
 */
import { createHash } from "node:crypto";
import { AccessToken } from "livekit-server-sdk";
import { Pool } from "pg";
import { startLiveKit } from "../../tests/support/livekit";
import { arg, benchPort, ms, pct, startConsole } from "./console";

const PG = "postgres://postgres@127.0.0.1:5432/test";
const EVENTS = Number(arg("events", "1000000"));
const SESSIONS = Math.max(1, Math.floor(EVENTS / 10));
const ROUNDS = Number(arg("rounds", "5"));
const PER_ROUND = Number(arg("per-round", "500"));
const CONCURRENCY = Number(arg("concurrency", "16"));
const LK_PORT = benchPort(7950);
const APP_PORT = benchPort(3300);

async function loadHistory(pool: Pool) {
  const t0 = performance.now();
  // 100,000 sessions over the last ~29 days, each with 10 events: opened, 4 joins, 4 leaves, closed.
  await pool.query(
    `INSERT INTO room_sessions (project, room_sid, room_name, started_at, ended_at, end_kind, seen_by,
       peak, present, total, identities, events, last_event_at, count_since)
     SELECT 'default', 'RM_b' || g, 'room-' || (g % 5000), now() - g * interval '25 seconds',
       now() - g * interval '25 seconds' + interval '18 minutes', 'finished', 'webhook', 4, 0, 4,
       ARRAY['user-' || (g % 5000), 'user-' || ((g + 1) % 5000), 'user-' || ((g + 2) % 5000), 'user-' || ((g + 3) % 5000)],
       10, now() - g * interval '25 seconds' + interval '18 minutes',
       now() - g * interval '25 seconds' + interval '16 minutes'
     FROM generate_series(1, $1::int) AS g`,
    [SESSIONS],
  );
  await pool.query(
    `INSERT INTO webhook_events (project, id, event, at, received_at, room_sid, room_name,
       participant_sid, participant_identity, payload)
     SELECT 'default', 'EV_b_' || g || '_' || k, e.name, s.at, s.at, 'RM_b' || g, 'room-' || (g % 5000),
       CASE WHEN k BETWEEN 1 AND 8 THEN 'PA_' || g || '_' || ((k - 1) % 4) ELSE '' END,
       CASE WHEN k BETWEEN 1 AND 8 THEN 'user-' || ((g + (k - 1) % 4) % 5000) ELSE '' END,
       jsonb_build_object('event', e.name, 'room', jsonb_build_object('sid', 'RM_b' || g, 'name', 'room-' || (g % 5000)))
     FROM generate_series(1, $1::int) AS g, generate_series(0, 9) AS k,
       LATERAL (SELECT CASE WHEN k = 0 THEN 'room_started' WHEN k = 9 THEN 'room_finished'
                            WHEN k <= 4 THEN 'participant_joined' ELSE 'participant_left' END AS name) e,
       LATERAL (SELECT now() - g * interval '25 seconds' + k * interval '2 minutes' AS at) s`,
    [SESSIONS],
  );
  await pool.query("ANALYZE webhook_events; ANALYZE room_sessions");
  return performance.now() - t0;
}

async function signedEvent(i: number, run: string) {
  const body = JSON.stringify({
    event: "participant_joined",
    id: `EV_ingest_${run}_${i}`,
    createdAt: String(Math.floor(Date.now() / 1000)),
    room: { sid: `RM_ingest_${run}_${i % 200}`, name: `ingest-${i % 200}`, turnPassword: "x" },
    participant: { sid: `PA_ingest_${run}_${i}`, identity: `ingest-user-${i}` },
  });
  const at = new AccessToken("devkey", "secret", { ttl: 600 });
  at.sha256 = createHash("sha256").update(body).digest("base64");
  return { body, auth: await at.toJwt() };
}

/** Runs `n` jobs `concurrency` at a time; each job's time is recorded. */
async function timed(n: number, concurrency: number, job: (i: number) => Promise<void>) {
  const times: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) {
        const t = performance.now();
        await job(i);
        times.push(performance.now() - t);
      }
    }),
  );
  return { times, seconds: (performance.now() - t0) / 1000 };
}

async function main() {
  const schema = `lka_bench_${Date.now().toString(36)}`;
  const admin = new Pool({ connectionString: PG, max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const url = `${PG}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const server = await startLiveKit({ port: LK_PORT });
  const app = await startConsole({
    port: APP_PORT,
    livekitUrl: `ws://127.0.0.1:${LK_PORT}`,
    env: { DATABASE_URL: url },
  });
  const pool = new Pool({ connectionString: url, max: CONCURRENCY });
  try {
    // The console migrated the schema on start-up.
    const loadMs = await loadHistory(pool);
    const { rows } = await pool.query<{ n: string }>("SELECT count(*) AS n FROM webhook_events");
    console.log(
      `loaded ${Number(rows[0]!.n).toLocaleString("en-US")} events and ${SESSIONS.toLocaleString("en-US")} sessions in ${(loadMs / 1000).toFixed(1)} s`,
    );

    // Ingest: the receiver over HTTP vs raw INSERTs, interleaved rounds.
    const run = Date.now().toString(36);
    const ours = { times: [] as number[], seconds: 0, n: 0 };
    const raw = { times: [] as number[], seconds: 0, n: 0 };
    // The same server answering its cheapest route: what any request costs before our code.
    const floor = { times: [] as number[], seconds: 0, n: 0 };
    for (let r = 0; r < ROUNDS; r++) {
      const events = await Promise.all(
        Array.from({ length: PER_ROUND }, (_, i) => signedEvent(r * PER_ROUND + i, run)),
      );
      const a = await timed(PER_ROUND, CONCURRENCY, async (i) => {
        const res = await fetch(`${app.base}/api/webhooks/default`, {
          method: "POST",
          headers: { "Content-Type": "application/webhook+json", Authorization: events[i]!.auth },
          body: events[i]!.body,
        });
        if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
        await res.arrayBuffer();
      });
      const b = await timed(PER_ROUND, CONCURRENCY, async (i) => {
        const e = JSON.parse(events[i]!.body) as { id: string };
        await pool.query(
          `INSERT INTO webhook_events (project, id, event, at, room_sid, room_name, participant_sid, participant_identity, payload)
           VALUES ('raw', $1, 'participant_joined', now(), $2, 'raw', $3, $4, $5)`,
          [e.id, `RM_raw_${i % 200}`, `PA_raw_${r}_${i}`, `raw-${i}`, events[i]!.body],
        );
      });
      const c = await timed(PER_ROUND, CONCURRENCY, async () => {
        await (await fetch(`${app.base}/api/health`)).arrayBuffer();
      });
      for (const [acc, x] of [
        [ours, a],
        [raw, b],
        [floor, c],
      ] as const) {
        acc.times.push(...x.times);
        acc.seconds += x.seconds;
        acc.n += PER_ROUND;
      }
    }
    console.log(
      [
        `webhook ingest, ${ROUNDS} × ${PER_ROUND} events at concurrency ${CONCURRENCY}:`,
        `  console receiver: ${(ours.n / ours.seconds).toFixed(0)} events/s, ack p50 ${ms(pct(ours.times, 50))}, p99 ${ms(pct(ours.times, 99))}`,
        `  raw INSERT:       ${(raw.n / raw.seconds).toFixed(0)} rows/s, p50 ${ms(pct(raw.times, 50))}, p99 ${ms(pct(raw.times, 99))}`,
        `  the console's health route (the server's floor per request): ${(floor.n / floor.seconds).toFixed(0)} req/s, p50 ${ms(pct(floor.times, 50))}, p99 ${ms(pct(floor.times, 99))}`,
        `  ratio (receiver / raw): throughput ${(ours.n / ours.seconds / (raw.n / raw.seconds)).toFixed(2)}, p99 ${(pct(ours.times, 99) / pct(raw.times, 99)).toFixed(2)}`,
      ].join("\n"),
    );

    // Reads: each History route next to the raw SELECT it runs.
    const deep = await pool.query<{ started_at: Date; room_sid: string }>(
      `SELECT started_at, room_sid FROM room_sessions WHERE project = 'default'
       ORDER BY started_at DESC, room_sid DESC OFFSET $1 LIMIT 1`,
      [Math.floor(SESSIONS / 2)],
    );
    const cursor = `${deep.rows[0]!.started_at.toISOString()}~${deep.rows[0]!.room_sid}`;
    const list = (where: string, params: unknown[]) => () =>
      pool.query(
        `SELECT * FROM room_sessions WHERE project = 'default' ${where}
         ORDER BY started_at DESC, room_sid DESC LIMIT 51`,
        params,
      );
    const cases: { name: string; path: string; raw: () => Promise<unknown> }[] = [
      { name: "first page", path: "history", raw: list("", []) },
      {
        name: "search by room name",
        path: "history?q=room-1234",
        raw: list("AND (room_name ILIKE $1 OR identities @> ARRAY[$2]::text[])", [
          "%room-1234%",
          "room-1234",
        ]),
      },
      {
        name: "search by identity",
        path: "history?q=user-42",
        raw: list("AND (room_name ILIKE $1 OR identities @> ARRAY[$2]::text[])", [
          "%user-42%",
          "user-42",
        ]),
      },
      {
        name: "last 24 hours",
        path: "history?range=day",
        raw: list("AND (ended_at IS NULL OR ended_at >= now() - interval '1 day')", []),
      },
      {
        name: `page at session ${(SESSIONS / 2).toLocaleString("en-US")}`,
        path: `history?before=${encodeURIComponent(cursor)}`,
        raw: list("AND (started_at, room_sid) < ($1::timestamptz, $2)", [
          deep.rows[0]!.started_at.toISOString(),
          deep.rows[0]!.room_sid,
        ]),
      },
      {
        name: "a session's timeline",
        path: `history/RM_b${Math.floor(SESSIONS / 3)}`,
        raw: () =>
          pool.query(
            "SELECT * FROM webhook_events WHERE project = 'default' AND room_sid = $1 ORDER BY at, seq LIMIT 2001",
            [`RM_b${Math.floor(SESSIONS / 3)}`],
          ),
      },
    ];
    console.log(
      `History reads at ${EVENTS.toLocaleString("en-US")} events (30 samples each, interleaved):`,
    );
    for (const c of cases) {
      const a: number[] = [];
      const b: number[] = [];
      for (let i = 0; i < 30; i++) {
        let t = performance.now();
        const res = await fetch(`${app.base}/api/p/default/${c.path}`, {
          headers: { Cookie: app.cookie },
        });
        const body = (await res.json()) as { ok: boolean };
        if (!body.ok) throw new Error(`${c.path}: ${JSON.stringify(body)}`);
        a.push(performance.now() - t);
        t = performance.now();
        await c.raw();
        b.push(performance.now() - t);
      }
      console.log(
        `  ${c.name.padEnd(26)} console p50 ${ms(pct(a, 50))}, p95 ${ms(pct(a, 95))}; raw SELECT p50 ${ms(pct(b, 50))}, p95 ${ms(pct(b, 95))}; ratio p50 ${(pct(a, 50) / pct(b, 50)).toFixed(1)}`,
      );
    }
  } finally {
    app.stop();
    await pool.end();
    await server.stop();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
