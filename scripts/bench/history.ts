/**
 * History benchmark, on PostgreSQL (127.0.0.1:5432, a schema of its own, dropped after):
 *   - webhook ingest through the production console's receiver (signed events over HTTP):
 *     events/s and ack p50/p99, next to raw single-row INSERTs into the same table at the same
 *     concurrency, interleaved in rounds;
 *   - the History page's reads at --events stored events and a tenth as many sessions (first
 *     page, the charts, search by room name and identity, time ranges, a deep page, a session's
 *     timeline), through the console's routes, next to the same SQL made straight on a pool,
 *     interleaved (history-reads.ts);
 *   - retention pruning of ~10% of the events against steady webhook INSERTs (history-prune.ts).
 *   npm run bench:history [-- --events 10000000 --rounds 5 --concurrency 16 --samples 20 --read-rounds 3]
 * 10,000,000 events load in ~3.5 minutes. --rounds 0 skips the ingest part. Needs a build first.
 */
import { createHash } from "node:crypto";
import { AccessToken } from "livekit-server-sdk";
import { Pool } from "pg";
import { startLiveKit } from "../../tests/support/livekit";
import { arg, benchPort, ms, pct, startConsole } from "./console";
import { loadHistory } from "./history-load";
import { measurePrune } from "./history-prune";
import { measureReads } from "./history-reads";

const PG = "postgres://postgres@127.0.0.1:5432/test";
const EVENTS = Number(arg("events", "1000000"));
const SESSIONS = Math.max(1, Math.floor(EVENTS / 10));
const ROUNDS = Number(arg("rounds", "5"));
const PER_ROUND = Number(arg("per-round", "500"));
const CONCURRENCY = Number(arg("concurrency", "16"));
const SAMPLES = Number(arg("samples", "20"));
const READ_ROUNDS = Number(arg("read-rounds", "3"));
const PRUNE_RATE = Number(arg("prune-rate", "300"));
const LK_PORT = benchPort(7950);
const APP_PORT = benchPort(3300);

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
  // --reuse-schema NAME: a schema a run kept (BENCH_KEEP_SCHEMA=1), already loaded.
  const reuse = arg("reuse-schema", "");
  const schema = reuse || `lka_bench_${Date.now().toString(36)}`;
  const admin = new Pool({ connectionString: PG, max: 1 });
  if (!reuse) await admin.query(`CREATE SCHEMA ${schema}`);
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
    const loadMs = reuse ? 0 : await loadHistory(pool, SESSIONS);
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
    for (let r = 0; ROUNDS > 0 && r < ROUNDS; r++) {
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
    if (ROUNDS > 0)
      console.log(
        [
          `webhook ingest, ${ROUNDS} × ${PER_ROUND} events at concurrency ${CONCURRENCY}:`,
          `  console receiver: ${(ours.n / ours.seconds).toFixed(0)} events/s, ack p50 ${ms(pct(ours.times, 50))}, p99 ${ms(pct(ours.times, 99))}`,
          `  raw INSERT:       ${(raw.n / raw.seconds).toFixed(0)} rows/s, p50 ${ms(pct(raw.times, 50))}, p99 ${ms(pct(raw.times, 99))}`,
          `  the console's health route (the server's floor per request): ${(floor.n / floor.seconds).toFixed(0)} req/s, p50 ${ms(pct(floor.times, 50))}, p99 ${ms(pct(floor.times, 99))}`,
          `  ratio (receiver / raw): throughput ${(ours.n / ours.seconds / (raw.n / raw.seconds)).toFixed(2)}, p99 ${(pct(ours.times, 99) / pct(raw.times, 99)).toFixed(2)}`,
        ].join("\n"),
      );

    await measureReads({
      pool,
      base: app.base,
      cookie: app.cookie,
      sessions: SESSIONS,
      samples: SAMPLES,
      rounds: READ_ROUNDS,
      light: process.argv.includes("--light"),
    });
    // Sessions go back 2.5 s each: the oldest ~10% of events are before 90% of the span.
    const span = SESSIONS * 2.5 * 1000;
    if (!process.argv.includes("--no-prune"))
      await measurePrune({
        pool,
        oldUntil: new Date(Date.now() - 0.95 * span),
        newUntil: new Date(Date.now() - 0.9 * span),
        rate: PRUNE_RATE,
      });
  } finally {
    app.stop();
    await pool.end();
    await server.stop();
    // BENCH_KEEP_SCHEMA=1 keeps the loaded schema to EXPLAIN its queries after (drop it then).
    if (process.env.BENCH_KEEP_SCHEMA === "1") console.log(`schema ${schema} kept`);
    else await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
