/**
 * Several-instances benchmark: 50 tabs polling the rooms table through HAProxy (round robin)
 * in front of two consoles sharing PostgreSQL and Redis, next to the same 50 tabs on one
 * console alone, interleaved in one run, against a real livekit-server on loopback. Prints
 * the ListRooms calls that reach LiveKit per 2 s interval (counting proxy; goal: 1 per
 * project, as with one instance) and poll latency p50/p95/p99 for both.
 *   npm run bench:instances [-- --rooms 1000 --tabs 50 --seconds 20 --rounds 2]
 * Needs `npm run build`, PostgreSQL on 127.0.0.1:5432 (database test) and Debian's haproxy
 * and redis-server (it starts its own Redis on port 6391).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { RoomServiceClient } from "livekit-server-sdk";
import { Client } from "pg";
import { forEachLimited } from "@/lib/concurrency";
import { startCountingProxy } from "../../tests/support/counting-proxy";
import { startLiveKit } from "../../tests/support/livekit";
import { arg, benchPort, ms, pct, startConsole, tab, type TabStats } from "./console";

const ROOMS = Number(arg("rooms", "1000"));
const TABS = Number(arg("tabs", "50"));
const SECONDS = Number(arg("seconds", "20"));
const ROUNDS = Number(arg("rounds", "2"));
const INTERVAL_MS = 2_000;
const LK_PORT = benchPort(7945);
const REDIS_PORT = benchPort(6391);
const [A_PORT, B_PORT, PROXY_PORT, ALONE_PORT] = [
  benchPort(3301),
  benchPort(3302),
  benchPort(3303),
  benchPort(3304),
];
const PG = "postgres://postgres@127.0.0.1:5432/test";

const children: ChildProcess[] = [];
function run(cmd: string, args: string[]) {
  const child = spawn(cmd, args, { stdio: "ignore", detached: true });
  children.push(child);
  return child;
}

async function main() {
  const schema = `bench_instances_${Date.now().toString(36)}`;
  const db = new Client({ connectionString: PG });
  await db.connect();
  await db.query(`CREATE SCHEMA ${schema}`);
  run("redis-server", ["--port", String(REDIS_PORT), "--bind", "127.0.0.1", "--save", ""]);
  const server = await startLiveKit({ port: LK_PORT });
  const proxied = await startCountingProxy(server.url);
  const alonesProxy = await startCountingProxy(server.url);
  const shared = {
    DATABASE_URL: `${PG}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    REDIS_URL: `redis://127.0.0.1:${REDIS_PORT}/0`,
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  };
  const a = await startConsole({ port: A_PORT, livekitUrl: proxied.wsUrl, env: shared });
  const b = await startConsole({ port: B_PORT, livekitUrl: proxied.wsUrl, env: shared });
  const alone = await startConsole({
    port: ALONE_PORT,
    livekitUrl: alonesProxy.wsUrl,
    env: { LIVEKIT_ADMIN_DATA_DIR: mkdtempSync(path.join(tmpdir(), "lka-bench-alone-")) },
  });
  const cfg = path.join(mkdtempSync(path.join(tmpdir(), "lka-haproxy-")), "haproxy.cfg");
  writeFileSync(
    cfg,
    `defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server 30s
frontend rr
  bind 127.0.0.1:${PROXY_PORT}
  default_backend both
backend both
  balance roundrobin
  server a 127.0.0.1:${A_PORT}
  server b 127.0.0.1:${B_PORT}
`,
  );
  run("haproxy", ["-db", "-f", cfg]);
  const viaProxy = `http://127.0.0.1:${PROXY_PORT}`;
  for (let i = 0; i < 100 && !(await fetch(`${viaProxy}/api/health`).catch(() => null))?.ok; i++)
    await sleep(100);

  const rs = new RoomServiceClient(server.url, "devkey", "secret");
  try {
    const names = Array.from({ length: ROOMS }, (_, i) => `bench-${i}`);
    await forEachLimited(names, 64, async (name) => {
      await rs.createRoom({ name, emptyTimeout: 3600 });
    });
    const sides = {
      "two instances via HAProxy": { base: viaProxy, cookie: a.cookie, proxy: proxied },
      "one instance alone": { base: alone.base, cookie: alone.cookie, proxy: alonesProxy },
    };
    const results: Record<string, { calls: number[]; stats: TabStats }> = {};
    for (let round = 1; round <= ROUNDS; round++) {
      const order = Object.keys(sides);
      if (round % 2 === 0) order.reverse();
      for (const side of order) {
        const s = sides[side as keyof typeof sides];
        // Warm: the snapshot exists before the count starts.
        await fetch(`${s.base}/api/p/default/rooms`, { headers: { Cookie: s.cookie } });
        await sleep(INTERVAL_MS);
        const before = s.proxy.calls("ListRooms");
        const stats: TabStats = { latencies: [], bytes: [], notModified: 0, failed: 0 };
        const until = Date.now() + SECONDS * 1000;
        await Promise.all(Array.from({ length: TABS }, () => tab(s.base, s.cookie, until, stats)));
        const r = (results[side] ??= {
          calls: [],
          stats: { latencies: [], bytes: [], notModified: 0, failed: 0 },
        });
        r.calls.push(s.proxy.calls("ListRooms") - before);
        r.stats.latencies.push(...stats.latencies);
        r.stats.failed += stats.failed;
        // Let the polls go idle between sides, so neither counts the other's tail.
        await sleep(INTERVAL_MS);
      }
    }
    const intervals = SECONDS / (INTERVAL_MS / 1000);
    console.log(
      `${ROOMS.toLocaleString("en-US")} rooms, ${TABS} tabs, ${SECONDS} s per side, ${ROUNDS} rounds interleaved:`,
    );
    const p50 = (side: string) => pct(results[side]!.stats.latencies, 50);
    for (const [side, r] of Object.entries(results)) {
      const perInterval = r.calls.map((c) => c / intervals);
      console.log(
        `  ${side}: ListRooms ${r.calls.join(", ")} (per ${INTERVAL_MS / 1000} s interval ${perInterval.map((x) => x.toFixed(2)).join(", ")}; ideal 1), ` +
          `polls ${r.stats.latencies.length}, failed ${r.stats.failed}, ` +
          `latency p50 ${ms(pct(r.stats.latencies, 50))}, p95 ${ms(pct(r.stats.latencies, 95))}, p99 ${ms(pct(r.stats.latencies, 99))}`,
      );
    }
    console.log(
      `  ratio p50 two-via-proxy / alone: ${(p50("two instances via HAProxy") / p50("one instance alone")).toFixed(2)}`,
    );
  } finally {
    for (const c of [a, b, alone]) c.stop();
    for (const c of children) if (c.pid) process.kill(-c.pid, "SIGTERM");
    await proxied.close();
    await alonesProxy.close();
    await server.stop();
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
    await db.end();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
