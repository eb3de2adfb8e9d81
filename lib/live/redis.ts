import "server-only";
import type { Redis } from "ioredis";
import { log } from "@/lib/logger";
import { processSingleton } from "@/lib/process-singleton";

/**
 * Redis, when REDIS_URL is set: what several console instances share about LiveKit (one room
 * list per interval for all of them) and how they tell each other about changes (pub/sub).
 * Security state (sessions, sign-out revocations, throttles) and bulk deletes live in the
 * database, so a Redis outage never forgets a revocation: it only costs extra LiveKit reads
 * (each instance reads on its own) until Redis is back, and the console says so.
 */
type Conn = {
  cmd: Redis;
  sub: Redis;
  handlers: Map<string, Set<(message: string) => void>>;
  down: boolean;
};

/** This process's connections, opened on first use (closeRedis clears them). */
const held = () => processSingleton("redis", (): { conn?: Promise<Conn> } => ({}));

export const redisConfigured = () => Boolean(process.env.REDIS_URL);

async function connect(url: string): Promise<Conn> {
  const { default: IORedis } = await import("ioredis");
  const options = {
    // Fail fast while Redis is away (callers fall back), and reconnect in the background.
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2_000,
    retryStrategy: (times: number) => Math.min(250 * times, 2_000),
    lazyConnect: true,
  };
  const cmd = new IORedis(url, { ...options, connectionName: "livekit-admin" });
  const sub = new IORedis(url, { ...options, connectionName: "livekit-admin-sub" });
  const conn: Conn = { cmd, sub, handlers: new Map(), down: false };
  const onDown = (e: unknown) => {
    if (!conn.down) log("warn", "redis unavailable", { url: redacted(url) }, e);
    conn.down = true;
  };
  cmd.on("error", onDown);
  sub.on("error", () => {});
  cmd.on("ready", () => {
    if (conn.down) log("info", "redis back", { url: redacted(url) });
    conn.down = false;
  });
  // Channels asked for while Redis was away (a start without it) are subscribed once it is
  // there; ioredis itself only re-subscribes what had succeeded before.
  sub.on("ready", () => {
    const channels = [...conn.handlers.keys()];
    if (channels.length) void sub.subscribe(...channels).catch(() => {});
  });
  sub.on("message", (channel: string, message: string) => {
    for (const h of conn.handlers.get(channel) ?? []) h(message);
  });
  // Subscriptions are made again by ioredis on reconnect (autoResubscribe).
  await Promise.allSettled([cmd.connect(), sub.connect()]);
  return conn;
}

const redacted = (url: string) => url.replace(/\/\/[^@/]*@/, "//***@");

/** The shared connection, or undefined without REDIS_URL. */
export function redisConn(): Promise<Conn> | undefined {
  const url = process.env.REDIS_URL;
  if (!url) return undefined;
  const g = held();
  g.conn ??= connect(url);
  return g.conn;
}

/** The command connection when Redis answers now; undefined when not configured or down. */
export async function redis(): Promise<Redis | undefined> {
  const conn = await redisConn();
  if (!conn || conn.down || conn.cmd.status !== "ready") return undefined;
  return conn.cmd;
}

/** Runs `fn` for every message on `channel` (any instance's PUBLISH). */
export async function subscribe(channel: string, fn: (message: string) => void): Promise<void> {
  const conn = await redisConn();
  if (!conn) return;
  let set = conn.handlers.get(channel);
  if (!set) {
    conn.handlers.set(channel, (set = new Set()));
    await conn.sub.subscribe(channel).catch(() => {});
  }
  set.add(fn);
}

export async function publish(channel: string, message: string): Promise<void> {
  const r = await redis();
  await r?.publish(channel, message).catch(() => {});
}

/** For readiness: not configured, or a PING with its time. */
export async function redisStatus(): Promise<
  { ok: true; configured: false } | { ok: boolean; ms?: number; error?: string }
> {
  const conn = redisConn();
  if (!conn) return { ok: true, configured: false };
  const t0 = performance.now();
  try {
    const c = await conn;
    if (c.cmd.status !== "ready") throw new Error(`not connected (${c.cmd.status})`);
    await c.cmd.ping();
    return { ok: true, ms: Math.round(performance.now() - t0) };
  } catch (e) {
    return { ok: false, ms: Math.round(performance.now() - t0), error: (e as Error).message };
  }
}

/** True while Redis is configured but not answering (the banner says so). */
export async function redisDown(): Promise<boolean> {
  const conn = redisConn();
  if (!conn) return false;
  const c = await conn;
  return c.down || c.cmd.status !== "ready";
}

/** Closes the connections (tests). */
export async function closeRedis(): Promise<void> {
  const g = held();
  const conn = g.conn;
  g.conn = undefined;
  if (!conn) return;
  const c = await conn;
  c.cmd.disconnect();
  c.sub.disconnect();
}
