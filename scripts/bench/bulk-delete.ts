/**
 * Bulk-delete benchmark: the console's preview (rooms listed, history's word on who is
 * in them, live counts where needed) and engine (job's and each room's audit records, durable
 * job rows, fresh lists ahead of the deletes, participant counts, ghost check) against a plain
 * concurrent loop over the SDK, both at the same concurrency, on a real livekit-server on
 * loopback that posts its webhooks to the console's own receiver (History) in this process, in
 * one run. Prints both times and the ratio.
 *   npm run bench:bulk-delete [-- --rooms 1000 --concurrency 8 --rounds 7 --database pglite|pg]
 *   (--no-webhooks: LiveKit posts none, so history proves nothing and every room is counted
 *   live, each count waiting for the read budget: that run measures LIVEKIT_READS_PER_SECOND;
 *   --by-name: the preview lists its rooms by name, as when the room count is not known;
 *   --livekit-redis: LiveKit keeps its rooms in a Redis of the benchmark's own, started on port
 *   6392 (+ LKA_TEST_PORT_OFFSET), as the console's local LiveKit and any multi-node deployment do; without it LiveKit
 *   keeps them in memory, where a list by name compares every room with every name)
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import http from "node:http";
import { connect } from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { RoomServiceClient } from "livekit-server-sdk";
import { database, closeDatabase } from "@/lib/db";
import { recorderFor } from "@/lib/procedures/pipeline/audit";
import type { Recorder } from "@/lib/procedures/procedure";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { pgSchema } from "../../tests/support/pg-schema";
import { previewBulk } from "@/lib/rooms/bulk/preview";
import { BulkRunner } from "@/lib/rooms/bulk/runner";
import { ReadBudget } from "@/lib/live/budget";
import { settings } from "@/lib/env";
import { Semaphore, forEachLimited } from "@/lib/concurrency";
import { startLiveKit } from "../../tests/support/livekit";
import { benchPort } from "./console";
import { POST } from "@/app/api/webhooks/[project]/route";
import { recomputesPending } from "@/lib/history";
import type { PresenceOf } from "@/lib/rooms/bulk/proven-empty";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROOMS = arg("rooms", 1000);
/** The warm-up round (JIT, connections, the database) needs no more than 1,000 rooms. */
const WARM_ROOMS = Math.min(ROOMS, 1000);
const CONCURRENCY = arg("concurrency", 8);
const ROUNDS = arg("rounds", 7);
const PORT = benchPort(7940);
const WEBHOOKS = !process.argv.includes("--no-webhooks");
const BY_NAME = process.argv.includes("--by-name");
const LIVEKIT_REDIS = process.argv.includes("--livekit-redis");
const REDIS_PORT = benchPort(6392);
const PROJECT = "default";
const DATABASE = process.argv.includes("--database")
  ? process.argv[process.argv.indexOf("--database") + 1]
  : "pglite";

async function createRooms(rs: RoomServiceClient, prefix: string, n: number): Promise<string[]> {
  const names = Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
  await forEachLimited(names, 32, async (name) => {
    await rs.createRoom({ name });
  });
  return names;
}

/** Whether something accepts connections on 127.0.0.1:`port`. */
const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const c = connect(port, "127.0.0.1");
    c.once("connect", () => (c.destroy(), resolve(true)));
    c.once("error", () => resolve(false));
  });

/**
 * A Redis of the benchmark's own on `port` (nothing saved), for LiveKit's rooms. Refused when
 * the port is taken (an earlier run's Redis would hand LiveKit that run's rooms); stopped by
 * its process group when the benchmark ends, however it ends.
 */
async function startOwnRedis(port: number) {
  if (await listening(port)) throw new Error(`port ${port} is taken: stop what listens there`);
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", ""],
    {
      stdio: "ignore",
      detached: true,
    },
  );
  let exited = false;
  child.once("exit", () => (exited = true));
  const stop = () => {
    try {
      if (!exited && child.pid) process.kill(-child.pid, "SIGTERM");
    } catch {
      /* already gone */
    }
  };
  process.once("exit", stop);
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => {
      stop();
      process.exit(1);
    });
  for (let waited = 0; !(await listening(port)); waited += 100) {
    if (exited || waited > 5_000) {
      stop();
      throw new Error(`redis-server did not start on port ${port}`);
    }
    await sleep(100);
  }
  return { stop };
}

/** Every core's busy and idle time so far (/proc/stat, clock ticks). */
function machineCpu(): { busy: number; idle: number } {
  const f = readFileSync("/proc/stat", "utf8").split("\n")[0]!.split(/\s+/).slice(1).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq] = f as [number, ...number[]];
  return { busy: user + nice! + system! + irq! + softirq!, idle: idle! + iowait! };
}

/**
 * The DeleteRoom and ListRooms calls made on `rs` until stop(), and the time they took: how
 * many deletes were in flight on average, against the concurrency asked for.
 */
function watchCalls(rs: RoomServiceClient) {
  const c = { deletes: 0, deleteMs: 0, lists: 0, listMs: 0 };
  const clocked =
    <A extends unknown[], R>(f: (...a: A) => Promise<R>, took: (ms: number) => void) =>
    async (...a: A) => {
      const t0 = performance.now();
      try {
        return await f(...a);
      } finally {
        took(performance.now() - t0);
      }
    };
  rs.deleteRoom = clocked(rs.deleteRoom.bind(rs), (ms) => {
    c.deletes++;
    c.deleteMs += ms;
  });
  rs.listRooms = clocked(rs.listRooms.bind(rs), (ms) => {
    c.lists++;
    c.listMs += ms;
  });
  return {
    stop: () => {
      // The wrappers were own properties over the class's methods.
      delete (rs as Partial<RoomServiceClient>).deleteRoom;
      delete (rs as Partial<RoomServiceClient>).listRooms;
      return c;
    },
  };
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/**
 * What the console does for a bulk delete: the preview the dialog asks for (the rooms listed by
 * name, and a live count of the participants of each room not listed empty), the job's own
 * audit record, the job rows, and the engine to the end.
 */
async function consoleBulkDelete(
  rs: RoomServiceClient,
  names: string[],
  audit: Recorder,
  presence: PresenceOf,
) {
  // The project's read budget as the console has it (LIVEKIT_READS_PER_SECOND, 50 by default):
  // with webhooks, rooms are proven empty and only the room lists take from it (the preview's
  // and one per 100 rooms ahead of the deletes); with --no-webhooks every room is counted live,
  // at the budget's pace.
  const budget = new ReadBudget(settings().readsPerSecond);
  const tp = performance.now();
  const preview = await previewBulk(rs, names, {
    concurrency: CONCURRENCY,
    confirmAbove: 10,
    budget,
    presence,
    // What the project's room list says (the console passes its latest list's length): here
    // LiveKit holds exactly the rooms to delete, so the preview reads the whole list once.
    // --by-name leaves it unknown: lists of 500 names, as the console did before.
    roomsHeld: BY_NAME ? undefined : names.length,
  });
  if (preview.rooms !== names.length || preview.missing.length > 0)
    throw new Error(`preview: ${JSON.stringify(preview).slice(0, 200)}`);
  console.log(`    preview ${(performance.now() - tp).toFixed(0)} ms`);
  const store = (await database()).bulk;
  const auditId = await audit.begin("bulk.delete", `${names.length} rooms`, {
    count: names.length,
  });
  const row = {
    id: randomUUID(),
    project: "bench",
    actor: "bench",
    role: "admin",
    total: names.length,
    auditId,
    owner: "bench",
    takeovers: 0,
  };
  await store.create(row, names);
  const job = new BulkRunner(row, {
    rs,
    budget,
    store,
    owner: "bench",
    concurrency: CONCURRENCY,
    describe: (e) => String(e),
    stillAllowed: () => true,
    slots: new Semaphore(CONCURRENCY),
    audit,
    onGhost: () => {},
    presence,
  });
  await job.done;
  const v = (await store.view(row.id))!;
  if (v.counts.deleted !== names.length)
    throw new Error(`only ${v.counts.deleted} of ${names.length} deleted`);
}

/**
 * The console's webhook receiver (its route handler, as Next runs it) on a loopback port. While
 * `held`, events are answered at once and kept, then delivered on `release`: History's work for
 * the rooms each side deletes (bench:history measures it) lands in neither side's time.
 */
async function startReceiver() {
  type Event = { url: string; headers: Record<string, string>; body: string };
  let held: Event[] | undefined;
  const deliver = (e: Event) =>
    POST(
      new Request(`http://127.0.0.1${e.url}`, { method: "POST", headers: e.headers, body: e.body }),
      {
        params: Promise.resolve({ project: PROJECT }),
      },
    );
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const e = {
        url: req.url!,
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      if (held) {
        held.push(e);
        res.writeHead(200).end("{}");
        return;
      }
      void deliver(e).then(async (r) => res.writeHead(r.status).end(await r.text()));
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const { port } = receiver.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/webhooks/${PROJECT}`,
    hold: () => (held ??= []),
    release: async () => {
      const events = held ?? [];
      held = undefined;
      await forEachLimited(events, 4, async (e) => void (await deliver(e)));
    },
    close: () => receiver.close(),
  };
}

async function main() {
  // The console's configuration: project "default" on the benchmark's LiveKit (the receiver
  // checks each webhook's signature with its key).
  Object.assign(process.env, {
    LIVEKIT_URL: `ws://127.0.0.1:${PORT}`,
    LIVEKIT_API_KEY: "devkey",
    LIVEKIT_API_SECRET: "secret",
    SESSION_SECRET: "bench-session-secret-0123456789abcdef0123",
    ADMIN_USERNAME: "bench",
    ADMIN_PASSWORD_HASH:
      "scrypt$32768$8$1$1QdLvbUP-zBGXPEQQfGWaA$lY9RrG-J6w_nJfgqmHlwXhZ_XNgfHiPZbQjfSjhS2N8",
  });
  delete process.env.LIVEKIT_ADMIN_CONFIG;
  const receiver = WEBHOOKS ? await startReceiver() : undefined;
  const redis = LIVEKIT_REDIS ? await startOwnRedis(REDIS_PORT) : undefined;
  const server = await startLiveKit({
    port: PORT,
    webhooks: receiver ? [receiver.url] : [],
    ...(redis ? { redisDb: 0, redisAddress: `127.0.0.1:${REDIS_PORT}` } : {}),
  });
  // The embedded database (PGlite, in this process) by default; `--database pg`: a schema of
  // its own in the machine's PostgreSQL, as several instances use.
  const pg = DATABASE === "pg" ? pgSchema("bench_bulk") : undefined;
  if (pg) {
    await pg.create();
    process.env.DATABASE_URL = pg.url;
  } else process.env.LIVEKIT_ADMIN_DATA_DIR = mkdtempSync(path.join(tmpdir(), "lka-bench-"));
  const { history } = await database();
  const presence: PresenceOf = (sids) => history.presence(PROJECT, sids);
  // The audit trail exactly as a console's bulk delete writes it.
  const audit = recorderFor({
    actor: { username: "bench", projects: [] },
    project: "bench",
    role: "admin",
  });
  // LiveKit takes over 10 s (the SDK's default timeout) to list 10,000 rooms by name.
  const rs = new RoomServiceClient(server.url, server.apiKey, server.apiSecret, {
    requestTimeout: 120,
  });
  const plain: number[] = [];
  const ours: number[] = [];
  try {
    // Round 0 warms both sides up (JIT, connections, the database) and is not counted.
    for (let round = 0; round <= ROUNDS; round++) {
      // Alternate the order so neither side always runs on a warmer server.
      const order = round % 2 ? (["plain", "ours"] as const) : (["ours", "plain"] as const);
      for (const side of order) {
        const c0 = performance.now();
        const names = await createRooms(rs, `${side}-${round}`, round === 0 ? WARM_ROOMS : ROOMS);
        const l0 = performance.now();
        // Until history has followed every room from its start (room_started received and
        // recorded), as for rooms that have been open a while.
        const sids = (await rs.listRooms(names)).map((r) => r.sid);
        console.log(
          `  round ${round}, ${side}: LiveKit created ${names.length} rooms in ${((l0 - c0) / 1000).toFixed(1)} s; one ListRooms of them by name took ${(performance.now() - l0).toFixed(0)} ms`,
        );
        // (History takes a few hundred webhooks a second: 10,000 rooms' take ~1 min.)
        const followMs = Math.max(120_000, ROOMS * 30);
        for (
          let waited = 0;
          WEBHOOKS && (await presence(sids)).size < names.length;
          waited += 250
        ) {
          if (waited > followMs)
            throw new Error(`history did not follow the rooms in ${followMs / 1000} s`);
          await sleep(250);
        }
        // LiveKit settles after creating 1,000 rooms (its own timers, room-list updates), and
        // History finishes recomputing the sessions of the rooms the other side deleted, before
        // either side is timed: otherwise whichever runs right after carries that work.
        while (recomputesPending() > 0) await sleep(100);
        await sleep(2_000);
        receiver?.hold();
        const seen = watchCalls(rs);
        const cpu0 = machineCpu();
        const t =
          side === "plain"
            ? await timed(() => forEachLimited(names, CONCURRENCY, (n) => rs.deleteRoom(n)))
            : await timed(() => consoleBulkDelete(rs, names, audit, presence));
        const cpu1 = machineCpu();
        const calls = seen.stop();
        console.log(
          `    ${side}: ${t.toFixed(0)} ms; DeleteRoom mean ${calls.deletes ? (calls.deleteMs / calls.deletes).toFixed(1) : "–"} ms, ` +
            `${(calls.deleteMs / t).toFixed(2)} in flight on average (over the whole time, the preview's too); ListRooms ${calls.lists} (${calls.listMs.toFixed(0)} ms in all); ` +
            `machine busy ${((100 * (cpu1.busy - cpu0.busy)) / (cpu1.busy + cpu1.idle - cpu0.busy - cpu0.idle)).toFixed(0)} %`,
        );
        await receiver?.release();
        if (round > 0) (side === "plain" ? plain : ours).push(t);
        if ((await rs.listRooms(names)).length !== 0) throw new Error(`${side}: rooms left behind`);
      }
    }
  } finally {
    // History's last recomputes write to the store: they end before it closes.
    while (recomputesPending() > 0) await sleep(100);
    await closeDatabase();
    await pg?.drop();
    await server.stop();
    redis?.stop();
    receiver?.close();
  }
  const pct = (xs: number[], p: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;
  const line = (xs: number[]) =>
    `p50 ${pct(xs, 50).toFixed(0)} ms, p95 ${pct(xs, 95).toFixed(0)} ms  (${xs.map((x) => x.toFixed(0)).join(", ")})`;
  console.log(
    `bulk delete of ${ROOMS} rooms, concurrency ${CONCURRENCY}, ${ROUNDS} rounds after a warm-up, database ${DATABASE}, webhooks ${WEBHOOKS ? "on" : "off"}, LiveKit's rooms ${redis ? "in Redis" : "in memory"}`,
  );
  console.log(`  plain SDK loop (DeleteRoom only):            ${line(plain)}`);
  console.log(`  console (preview + audit + count + delete): ${line(ours)}`);
  console.log(
    `  ratio console / plain: p50 ${(pct(ours, 50) / pct(plain, 50)).toFixed(2)}, p95 ${(pct(ours, 95) / pct(plain, 95)).toFixed(2)}`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
