import { spawn, type ChildProcess } from "node:child_process";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeRedis, publish, redis, redisStatus, subscribe } from "@/lib/live/redis";
import { sharedChanged, sharedRead } from "@/lib/live/shared-copy";
import { PORTS } from "../support/ports";

/**
 * What several instances share through Redis, against a real redis-server this suite starts
 * on a port of its own (and starts late, to be a Redis that was away when the console began).
 */
const PORT = PORTS.integrationRedis;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let server: ChildProcess | undefined;
const saved = process.env.REDIS_URL;

async function startRedis() {
  server = spawn("redis-server", ["--port", String(PORT), "--bind", "127.0.0.1", "--save", ""], {
    stdio: "ignore",
    detached: true,
  });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = connect(PORT, "127.0.0.1");
      s.once("connect", () => (s.destroy(), resolve(true)));
      s.once("error", () => resolve(false));
    });
    if (up) return;
    await sleep(50);
  }
  throw new Error("redis-server did not start");
}

/** Until the console's connection is ready (it reconnects every ≤ 2 s). */
async function untilConnected() {
  for (let i = 0; i < 100 && !(await redis()); i++) await sleep(100);
  expect(await redis()).toBeDefined();
}

beforeAll(() => {
  process.env.REDIS_URL = `redis://127.0.0.1:${PORT}/0`;
});
afterAll(async () => {
  await closeRedis();
  if (server?.pid) process.kill(-server.pid, "SIGTERM");
  if (saved === undefined) delete process.env.REDIS_URL;
  else process.env.REDIS_URL = saved;
});

describe("Redis for several instances", () => {
  it("started while Redis is away: reads for itself, says so, and subscribes once Redis is there", async () => {
    expect(await redis()).toBeUndefined();
    expect(await redisStatus()).toMatchObject({ ok: false });
    let reads = 0;
    // No Redis: every call reads upstream itself (nothing shared, nothing wrong).
    expect(await sharedRead("lka:test:away", 10_000, async () => ++reads)).toBe(1);
    expect(await sharedRead("lka:test:away", 10_000, async () => ++reads)).toBe(2);
    const heard: string[] = [];
    await subscribe("lka:test", (m) => heard.push(m));

    await startRedis();
    await untilConnected();
    expect(await redisStatus()).toMatchObject({ ok: true });
    await sleep(200);
    await publish("lka:test", "hello");
    await expect.poll(() => heard).toEqual(["hello"]);
  });

  it("one read upstream for concurrent readers; a fresh copy is reused; a change drops it", async () => {
    let reads = 0;
    const slowRead = async () => {
      reads += 1;
      await sleep(300);
      return { rooms: reads };
    };
    const key = `lka:test:${Date.now()}`;
    // Five readers at once (as five instances would be): one of them reads, the rest wait.
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => sharedRead(key, 1_000, slowRead)),
    );
    expect(reads).toBe(1);
    expect(answers).toEqual(Array(5).fill({ rooms: 1 }));
    // Within the freshness window: the copy, no read.
    expect(await sharedRead(key, 1_000, slowRead)).toEqual({ rooms: 1 });
    expect(reads).toBe(1);
    // After a change: the next reader reads again.
    await sharedChanged(key);
    expect(await sharedRead(key, 1_000, slowRead)).toEqual({ rooms: 2 });
    // And once the copy is older than the window, too.
    await sleep(1_100);
    expect(await sharedRead(key, 1_000, slowRead)).toEqual({ rooms: 3 });
  });

  it("a reader whose upstream read fails frees its turn: the next one reads", async () => {
    const key = `lka:test:fail-${Date.now()}`;
    await expect(
      sharedRead(key, 1_000, async () => {
        throw new Error("LiveKit down");
      }),
    ).rejects.toThrow("LiveKit down");
    expect(await sharedRead(key, 1_000, async () => "back")).toBe("back");
  });
});
