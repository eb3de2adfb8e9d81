/**
 * Webhook ingest benchmark, on PostgreSQL (127.0.0.1:5432, a schema of its own, dropped after),
 * through the production console's real receiver (signature checked, row committed before the
 * 2xx), each figure beside its baseline in the same run, interleaved in rounds:
 *   1. sustained: N concurrent deliveries for S seconds to one instance, next to raw single-row
 *      INSERTs into the same table at the same concurrency: events/s and ack p50/p95/p99;
 *   2. several instances: the same load through HAProxy to two instances, next to one instance
 *      behind the same HAProxy;
 *   3. a burst: 10,000 events sent within 5 s; every answer is 2xx or 503/429 with Retry-After,
 *      the refused ones are delivered again after it, and then every event is stored once.
 *   npm run bench:ingest [-- --seconds 60 --round 10 --concurrency 50 --burst 10000]
 * Needs a production build first (bash scripts/standalone.sh). LKA_TEST_PORT_OFFSET moves ports.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { AccessToken } from "livekit-server-sdk";
import { Pool } from "pg";
import { arg, benchPort, ms, pct, startConsole } from "./console";

const PG = "postgres://postgres@127.0.0.1:5432/test";
const SECONDS = Number(arg("seconds", "60"));
const ROUND_S = Number(arg("round", "10"));
const CONCURRENCY = Number(arg("concurrency", "50"));
const BURST = Number(arg("burst", "10000"));
const BURST_WITHIN_S = 5;
const BURST_SOCKETS = Number(arg("burst-sockets", "200"));
const PARTS = arg("parts", "sustained,instances,burst").split(",");
const [A_PORT, B_PORT, PROXY_BOTH, PROXY_ONE] = [3320, 3321, 3322, 3323].map(benchPort) as [
  number,
  number,
  number,
  number,
];
/** No LiveKit is needed to receive webhooks: the sweep's list read fails quietly here. */
const NO_LIVEKIT = `ws://127.0.0.1:${benchPort(7999)}`;

let seq = 0;
const run = Date.now().toString(36);

/** A participant_joined as LiveKit signs it: a JWT over the body's sha256 with the API secret. */
async function signedEvent() {
  const i = seq++;
  const body = JSON.stringify({
    event: "participant_joined",
    id: `EV_${run}_${i}`,
    createdAt: String(Math.floor(Date.now() / 1000)),
    room: { sid: `RM_${run}_${i % 500}`, name: `ingest-${i % 500}`, turnPassword: "x" },
    participant: { sid: `PA_${run}_${i}`, identity: `user-${i}`, name: `User ${i}` },
  });
  const at = new AccessToken("devkey", "secret", { ttl: 600 });
  at.sha256 = createHash("sha256").update(body).digest("base64");
  return { id: `EV_${run}_${i}`, body, auth: await at.toJwt() };
}
type Signed = Awaited<ReturnType<typeof signedEvent>>;

/**
 * Over node:http with at most `sockets` connections (LiveKit's notifier: ten workers per node,
 * each one delivery at a time; more waits in its queue): status and Retry-After.
 */
function deliverVia(agent: http.Agent, base: string, e: Signed) {
  const { hostname, port } = new URL(base);
  return new Promise<{ status: number; retryAfter: string | undefined }>((resolve, reject) => {
    const req = http.request(
      { host: hostname, port, path: "/api/webhooks/default", method: "POST", agent },
      (res) => {
        res.resume();
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: res.headers["retry-after"],
          }),
        );
      },
    );
    req.setHeader("Content-Type", "application/webhook+json");
    req.setHeader("Authorization", e.auth);
    req.on("error", reject);
    req.end(e.body);
  });
}

/** Over fetch; once more when a kept-alive connection was closed by the server between rounds. */
async function deliver(base: string, e: Signed, again = true): Promise<Response> {
  try {
    const res = await fetch(`${base}/api/webhooks/default`, {
      method: "POST",
      headers: { "Content-Type": "application/webhook+json", Authorization: e.auth },
      body: e.body,
    });
    await res.arrayBuffer();
    return res;
  } catch (err) {
    if (again) return deliver(base, e, false);
    throw err;
  }
}

type Tally = {
  times: number[];
  n: number;
  seconds: number;
  refused: number;
  /** The console's CPU time over the rounds (all its threads). */
  cpuMs: number;
  /** PostgreSQL's (every backend's) CPU time over the rounds. */
  pgMs: number;
};
const tally = (): Tally => ({ times: [], n: 0, seconds: 0, refused: 0, cpuMs: 0, pgMs: 0 });

/** CPU time of each process named "postgres" on the machine (read from /proc), in ms by pid. */
function postgresCpu(): Map<string, number> {
  const by = new Map<string, number>();
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      if (!stat.includes("(postgres)")) continue;
      const f = stat.split(") ")[1]!.split(" ");
      by.set(pid, ((Number(f[11]) + Number(f[12])) * 1000) / 100);
    } catch {
      /* gone */
    }
  }
  return by;
}

/** PostgreSQL's CPU time since `before`, over the processes alive at both ends. */
function postgresCpuSince(before: Map<string, number>): number {
  let total = 0;
  for (const [pid, ms] of postgresCpu()) total += ms - (before.get(pid) ?? ms);
  return total;
}

/** `concurrency` workers doing `job` back to back for `seconds`; each job's time recorded. */
async function closedLoop(
  seconds: number,
  job: (i: number) => Promise<boolean>,
  into: Tally,
  concurrency = CONCURRENCY,
) {
  const until = performance.now() + seconds * 1000;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const i = next++;
        const t = performance.now();
        let ok: boolean;
        try {
          ok = await job(i);
        } catch {
          ok = false;
        }
        into.times.push(performance.now() - t);
        into.n += 1;
        if (!ok) into.refused += 1;
      }
    }),
  );
  into.seconds += (performance.now() - t0) / 1000;
}

/** Enough signed events for a round at up to 4,000 events/s. */
const eventsFor = (seconds: number) =>
  Promise.all(Array.from({ length: Math.ceil(seconds * 4_000) }, signedEvent));

const line = (name: string, t: Tally) =>
  `${name.padEnd(34)} ${(t.n / t.seconds).toFixed(0).padStart(5)}/s, p50 ${ms(pct(t.times, 50))}, p95 ${ms(pct(t.times, 95))}, p99 ${ms(pct(t.times, 99))}${t.cpuMs ? `, CPU per event: console ${(t.cpuMs / t.n).toFixed(2)} ms` : ""}${t.pgMs ? `, PostgreSQL ${(t.pgMs / t.n).toFixed(2)} ms` : ""}${t.refused ? `, ${t.refused} not 200` : ""}`;

const children: ChildProcess[] = [];

async function main() {
  const schema = `lka_bench_ingest_${run}`;
  const admin = new Pool({ connectionString: PG, max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const url = `${PG}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const env = {
    DATABASE_URL: url,
    HISTORY_SWEEP_SEC: "3600",
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  };
  const a = await startConsole({ port: A_PORT, livekitUrl: NO_LIVEKIT, env });
  // Its connections kept between rounds, so PostgreSQL's CPU is counted over the same backends.
  const pool = new Pool({ connectionString: url, max: CONCURRENCY, idleTimeoutMillis: 0 });
  const stops: (() => void)[] = [a.stop];
  try {
    const stored = async () =>
      Number(
        (await pool.query<{ n: string }>("SELECT count(*) AS n FROM webhook_events")).rows[0]!.n,
      );

    if (PARTS.includes("sustained")) {
      const ours = tally();
      const raw = tally();
      const floor = tally();
      const rounds = Math.max(1, Math.round(SECONDS / ROUND_S));
      for (let r = 0; r < rounds; r++) {
        const events = await eventsFor(ROUND_S);
        // Alternate which goes first, so neither always follows the other's vacuum.
        const receiver = async () => {
          const cpu0 = a.cpuMs();
          const pg0 = postgresCpu();
          await closedLoop(
            ROUND_S,
            async (i) => (await deliver(a.base, events[i]!)).status === 200,
            ours,
          );
          ours.cpuMs += a.cpuMs() - cpu0;
          ours.pgMs += postgresCpuSince(pg0);
        };
        const inserts = async () => {
          const pg0 = postgresCpu();
          await closedLoop(
            ROUND_S,
            async (i) => {
              const e = events[i % events.length]!;
              await pool.query(
                `INSERT INTO webhook_events (project, id, event, at, room_sid, room_name, participant_sid, participant_identity, payload)
                 VALUES ('raw', $1, 'participant_joined', now(), $2, 'raw', $3, $4, $5)`,
                [
                  `${e.id}_raw${r}_${i}`,
                  `RM_raw_${i % 500}`,
                  `PA_raw_${r}_${i}`,
                  `raw-${i}`,
                  e.body,
                ],
              );
              return true;
            },
            raw,
          );
          raw.pgMs += postgresCpuSince(pg0);
        };
        // The same server answering its cheapest route: what any request costs before our code.
        const health = async () => {
          const cpu0 = a.cpuMs();
          await closedLoop(
            ROUND_S / 2,
            async () => {
              const get = () => fetch(`${a.base}/api/health`);
              const res = await get().catch(get);
              await res.arrayBuffer();
              return res.ok;
            },
            floor,
          );
          floor.cpuMs += a.cpuMs() - cpu0;
        };
        if (r % 2 === 0) {
          await receiver();
          await inserts();
          await health();
        } else {
          await health();
          await inserts();
          await receiver();
        }
      }
      console.log(
        [
          `sustained, ${rounds} × ${ROUND_S} s each way, ${CONCURRENCY} concurrent deliveries:`,
          `  ${line("console receiver (one instance)", ours)}`,
          `  ${line("raw single-row INSERT", raw)}`,
          `  ${line("health route (the serving floor)", floor)}`,
          `  ratio receiver / raw: throughput ${(ours.n / ours.seconds / (raw.n / raw.seconds)).toFixed(2)}, p99 ${(pct(ours.times, 99) / pct(raw.times, 99)).toFixed(2)}`,
        ].join("\n"),
      );
    }

    if (PARTS.includes("instances")) {
      const b = await startConsole({ port: B_PORT, livekitUrl: NO_LIVEKIT, env });
      stops.push(b.stop);
      const cfg = path.join(mkdtempSync(path.join(tmpdir(), "lka-haproxy-")), "haproxy.cfg");
      writeFileSync(
        cfg,
        `global
  maxconn 4000
defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server 30s
frontend both
  bind 127.0.0.1:${PROXY_BOTH}
  default_backend both
frontend one
  bind 127.0.0.1:${PROXY_ONE}
  default_backend one
backend both
  balance roundrobin
  server a 127.0.0.1:${A_PORT}
  server b 127.0.0.1:${B_PORT}
backend one
  server a 127.0.0.1:${A_PORT}
`,
      );
      const haproxy = spawn("haproxy", ["-db", "-f", cfg], { stdio: "ignore", detached: true });
      children.push(haproxy);
      await sleep(500);
      const one = tally();
      const two = tally();
      const rounds = Math.max(1, Math.round(SECONDS / ROUND_S / 2));
      for (let r = 0; r < rounds; r++) {
        for (const [base, t] of (r % 2 === 0
          ? [
              [`http://127.0.0.1:${PROXY_ONE}`, one],
              [`http://127.0.0.1:${PROXY_BOTH}`, two],
            ]
          : [
              [`http://127.0.0.1:${PROXY_BOTH}`, two],
              [`http://127.0.0.1:${PROXY_ONE}`, one],
            ]) as [string, Tally][]) {
          const events = await eventsFor(ROUND_S);
          await closedLoop(
            ROUND_S,
            async (i) => (await deliver(base, events[i]!)).status === 200,
            t,
          );
        }
      }
      console.log(
        [
          `instances behind HAProxy, ${rounds} × ${ROUND_S} s each, ${CONCURRENCY} concurrent:`,
          `  ${line("one instance", one)}`,
          `  ${line("two instances (round robin)", two)}`,
          `  ratio two / one: ${(two.n / two.seconds / (one.n / one.seconds)).toFixed(2)}`,
        ].join("\n"),
      );
    }

    if (PARTS.includes("burst")) {
      const before = await stored();
      const events = await Promise.all(Array.from({ length: BURST }, signedEvent));
      const statuses = new Map<string, number>();
      const count = (k: string) => statuses.set(k, (statuses.get(k) ?? 0) + 1);
      let retryLater: { e: Signed; after: number }[] = [];
      const acked = new Set<string>();
      // 20 LiveKit nodes' worth of webhook workers.
      const agent = new http.Agent({ keepAlive: true, maxSockets: BURST_SOCKETS });
      const t0 = performance.now();
      // Open loop: each event is handed over at its moment, whatever the answers before it did
      // (it waits for a free connection, as in LiveKit's queue).
      await Promise.all(
        events.map(async (e, i) => {
          await sleep((i / BURST) * BURST_WITHIN_S * 1000);
          try {
            const res = await deliverVia(agent, a.base, e);
            if (res.status === 200) {
              count("200");
              acked.add(e.id);
            } else if ((res.status === 503 || res.status === 429) && res.retryAfter) {
              count(`${res.status} + Retry-After`);
              retryLater.push({ e, after: Number(res.retryAfter) });
            } else count(`${res.status} (not allowed)`);
          } catch (err) {
            count(`error ${(err as Error).message}`);
          }
        }),
      );
      const sentIn = (performance.now() - t0) / 1000;
      let attempts = 0;
      while (retryLater.length > 0 && attempts < 10) {
        attempts += 1;
        await sleep(Math.max(...retryLater.map((x) => x.after)) * 1000);
        const again = retryLater;
        retryLater = [];
        await Promise.all(
          again.map(async ({ e }) => {
            const res = await deliverVia(agent, a.base, e);
            if (res.status === 200) acked.add(e.id);
            else retryLater.push({ e, after: Number(res.retryAfter ?? 1) });
          }),
        );
      }
      agent.destroy();
      const ids = events.map((e) => e.id);
      const { rows } = await pool.query<{ n: string; distinct: string }>(
        "SELECT count(*) AS n, count(DISTINCT id) AS distinct FROM webhook_events WHERE id = ANY($1::text[])",
        [ids],
      );
      console.log(
        [
          `burst: ${BURST.toLocaleString("en-US")} events handed over within ${BURST_WITHIN_S} s on up to ${BURST_SOCKETS} connections, all answered after ${sentIn.toFixed(1)} s:`,
          `  answers: ${[...statuses].map(([k, v]) => `${k}: ${v}`).join(", ")}`,
          `  after ${attempts} retry round(s) honouring Retry-After: ${acked.size} acknowledged, ${retryLater.length} still refused`,
          `  stored: ${rows[0]!.n} rows for ${rows[0]!.distinct} distinct ids (${BURST} sent); table grew by ${(await stored()) - before}`,
        ].join("\n"),
      );
    }
  } finally {
    for (const c of children) {
      try {
        process.kill(-c.pid!, "SIGTERM");
      } catch {
        /* gone */
      }
    }
    for (const s of stops) s();
    await pool.end();
    await sleep(500);
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
