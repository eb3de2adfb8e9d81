import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { instanceId } from "@/lib/instance";
import { publish, redis, subscribe } from "@/lib/live/redis";

/**
 * One upstream read per interval across every console instance: the instance whose turn it is
 * (it takes a short Redis lock) reads LiveKit and leaves a copy in Redis; the others take that
 * copy while it is fresh, or wait for the one being read. Without Redis (not configured, or
 * down) each instance reads for itself: more calls to LiveKit, nothing wrong.
 */

type Copy<T> = { atMs: number; value: T };
/**
 * A reader that died mid-read frees its turn after this (LiveKit calls time out at 5 s; a
 * read that may take longer says how long its turn lasts).
 */
const LOCK_MS = 10_000;
const COPY_TTL_MS = 60_000;
const WAIT_STEP_MS = 50;
const CHANGED = "lka:changed";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The Redis name of a shared resource (hashed: the scope holds the API secret). */
export const sharedKey = (kind: string, scope: string) =>
  `lka:${kind}:${createHash("sha1").update(scope).digest("hex")}`;

// Compare-and-delete: a lock that expired and was taken by another reader is not ours to free.
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

export async function sharedRead<T>(
  key: string,
  freshMs: number,
  read: () => Promise<T>,
  lockMs = LOCK_MS,
): Promise<T> {
  const r = await redis();
  if (!r) return read();
  let had: Copy<T> | undefined;
  let token: string | undefined;
  try {
    const raw = await r.get(`${key}:copy`);
    had = raw ? (JSON.parse(raw) as Copy<T>) : undefined;
    if (had && Date.now() - had.atMs < freshMs) return had.value;
    token = randomUUID();
    const mine = (await r.set(`${key}:lock`, token, "PX", lockMs, "NX")) === "OK";
    if (!mine) {
      token = undefined;
      // Another instance is reading: its copy, when it comes.
      for (const deadline = Date.now() + lockMs; Date.now() < deadline;) {
        await sleep(WAIT_STEP_MS);
        const next = await r.get(`${key}:copy`);
        const copy = next ? (JSON.parse(next) as Copy<T>) : undefined;
        if (copy && copy.atMs > (had?.atMs ?? 0)) return copy.value;
        if (!(await r.exists(`${key}:lock`))) break;
      }
      if (had) return had.value;
    }
  } catch {
    // Redis failed mid-way: read for ourselves.
    token = undefined;
  }
  try {
    const value = await read();
    await r
      .set(`${key}:copy`, JSON.stringify({ atMs: Date.now(), value }), "PX", COPY_TTL_MS)
      .catch(() => {});
    return value;
  } finally {
    if (token) await r.eval(RELEASE, 1, `${key}:lock`, token).catch(() => {});
  }
}

/**
 * A change was made here: the copy is dropped (the next read goes to LiveKit) and every other
 * instance is told to read again now, so their tabs show it at their next refresh.
 */
export async function sharedChanged(key: string): Promise<void> {
  const r = await redis();
  if (!r) return;
  await r.del(`${key}:copy`).catch(() => {});
  await publish(CHANGED, JSON.stringify({ key, from: instanceId() }));
}

/** Runs `fn(key)` when another instance changed a shared resource. */
export async function onSharedChange(fn: (key: string) => void): Promise<void> {
  await subscribe(CHANGED, (message) => {
    try {
      const { key, from } = JSON.parse(message) as { key: string; from: string };
      if (from !== instanceId()) fn(key);
    } catch {
      /* not ours */
    }
  });
}
