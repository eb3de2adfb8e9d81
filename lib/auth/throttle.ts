import "server-only";
import type { Sql } from "@/lib/db/sql";

/**
 * Sign-in throttling, in the database every bundle and instance shares. An attempt reserves its
 * slot atomically before the password is checked, so a burst of parallel guesses cannot slip
 * past the count; an exclusive key also holds a short lease, so one check per key runs at a time.
 * Rows are pruned only once their lock is served and their window is quiet: spraying made-up
 * names cannot evict a live lock. The policy and its reasons: docs/security.md.
 */
export type ThrottleRule = {
  /** Failures in the window after which each attempt waits 250 ms·2^k (capped). */
  slowAfter: number;
  windowMs: number;
  /** Failures in the window that lock the key, and for how long; none: it only slows. */
  lock?: { after: number; forMs: number };
  /** One check at a time: a second attempt while one is checked is refused as busy. */
  exclusive?: boolean;
  /** A right password forgets the key's failures. */
  clearOnSuccess?: boolean;
};

const FIFTEEN_MINUTES = 15 * 60_000;
/** One user from one address: only whoever is at that address can lock it. */
export const PAIR_RULE: ThrottleRule = {
  slowAfter: 3,
  windowMs: FIFTEEN_MINUTES,
  lock: { after: 5, forMs: FIFTEEN_MINUTES },
  exclusive: true,
  clearOnSuccess: true,
};
/** One address, whatever the usernames it tries. */
export const ADDRESS_RULE: ThrottleRule = {
  slowAfter: 10,
  windowMs: FIFTEEN_MINUTES,
  lock: { after: 20, forMs: FIFTEEN_MINUTES },
};
/**
 * One user, from anywhere: never locks and never refuses as busy, or anyone who knows the name
 * could keep its owner out; it slows guesses spread over many addresses.
 */
export const USER_RULE: ThrottleRule = { slowAfter: 5, windowMs: FIFTEEN_MINUTES };
const RULES = [PAIR_RULE, ADDRESS_RULE, USER_RULE];

/**
 * The keys a sign-in counts on; the route reserves the pair first, so its refusals touch no
 * other count. The pair is JSON: no username or address can make two pairs one.
 */
export function signInKeys(username: string, address: string) {
  const name = username.toLowerCase();
  return {
    pair: { key: `pair:${JSON.stringify([name, address])}`, rule: PAIR_RULE },
    address: { key: `addr:${address}`, rule: ADDRESS_RULE },
    user: { key: `user:${name}`, rule: USER_RULE },
  } satisfies Record<string, ThrottleKey>;
}

const MAX_DELAY_MS = 4_000;
/** How long an exclusive key's lease lasts if its holder dies mid-check. */
const LEASE_MS = 15_000;
const PRUNE_EVERY_MS = 60_000;

export type ThrottleKey = { key: string; rule: ThrottleRule };

export type Verdict =
  | { allowed: true; delayMs: number }
  | { allowed: false; retryAfterSec: number; reason: "locked" | "busy"; key: string };

const iso = (ms: number) => new Date(ms).toISOString();

export class Throttle {
  private lastPruneMs = 0;
  constructor(
    private readonly sql: Sql,
    private readonly now: () => number = Date.now,
  ) {}

  /** Reserves an attempt on every key, or none: refused keys undo the others. */
  async reserve(keys: readonly ThrottleKey[]): Promise<Verdict> {
    await this.pruneNow();
    const taken: ThrottleKey[] = [];
    let delayMs = 0;
    for (const k of keys) {
      const v = await this.reserveOne(k);
      if (!v.allowed) {
        await this.release(taken);
        return v;
      }
      taken.push(k);
      delayMs = Math.max(delayMs, v.delayMs);
    }
    return { allowed: true, delayMs };
  }

  /** A wrong password: the reserved attempts stay as failures; a key at its lock limit locks. */
  async fail(keys: readonly ThrottleKey[]): Promise<void> {
    const now = this.now();
    for (const { key, rule } of keys) {
      // A key that never locks passes NULL: `attempts >= NULL` is never true.
      await this.sql.query(
        `UPDATE auth_throttle SET inflight_until = NULL,
           locked_until = CASE WHEN attempts >= $3::integer THEN $2::timestamptz + $4::double precision * interval '1 millisecond' ELSE locked_until END
         WHERE key = $1`,
        [key, iso(now), rule.lock?.after ?? null, rule.lock?.forMs ?? null],
      );
    }
  }

  /** A right password clears the keys whose rule says so; the others only give back the slot. */
  async succeed(keys: readonly ThrottleKey[]): Promise<void> {
    for (const k of keys) {
      if (k.rule.clearOnSuccess)
        await this.sql.query("DELETE FROM auth_throttle WHERE key = $1", [k.key]);
      else await this.release([k]);
    }
  }

  /** Gives back reserved attempts that were not checked (refused elsewhere, or an error). */
  async release(keys: readonly ThrottleKey[]): Promise<void> {
    for (const { key } of keys) {
      await this.sql.query(
        "UPDATE auth_throttle SET attempts = GREATEST(attempts - 1, 0), inflight_until = NULL WHERE key = $1",
        [key],
      );
    }
  }

  private async reserveOne({ key, rule }: ThrottleKey): Promise<Verdict> {
    const now = this.now();
    // A served lock or a quiet window starts the count afresh.
    await this.sql.query(
      `UPDATE auth_throttle SET attempts = 0, first_at = $2::timestamptz, locked_until = NULL
       WHERE key = $1 AND ((locked_until IS NOT NULL AND locked_until <= $2::timestamptz)
         OR (locked_until IS NULL AND first_at <= $2::timestamptz - $3::double precision * interval '1 millisecond'))`,
      [key, iso(now), rule.windowMs],
    );
    const lease = rule.exclusive ? iso(now + LEASE_MS) : null;
    const { rows } = await this.sql.query<{ attempts: number }>(
      `INSERT INTO auth_throttle AS t (key, attempts, first_at, inflight_until)
       VALUES ($1, 1, $2::timestamptz, $3::timestamptz)
       ON CONFLICT (key) DO UPDATE SET attempts = t.attempts + 1, inflight_until = EXCLUDED.inflight_until
       WHERE (t.locked_until IS NULL OR t.locked_until <= $2::timestamptz)
         AND (EXCLUDED.inflight_until IS NULL OR t.inflight_until IS NULL OR t.inflight_until <= $2::timestamptz)
       RETURNING attempts`,
      [key, iso(now), lease],
    );
    const attempts = rows[0] ? Number(rows[0].attempts) : undefined;
    if (attempts === undefined) return this.refusal(key, now);
    if (rule.lock && attempts > rule.lock.after) {
      // More attempts at once than the limit allows: this one is not checked.
      await this.release([{ key, rule }]);
      return { allowed: false, retryAfterSec: 1, reason: "busy", key };
    }
    const before = attempts - 1;
    const delayMs =
      before >= rule.slowAfter ? Math.min(MAX_DELAY_MS, 250 * 2 ** (before - rule.slowAfter)) : 0;
    return { allowed: true, delayMs };
  }

  private async refusal(key: string, now: number): Promise<Verdict> {
    const { rows } = await this.sql.query<{ locked_until: string | Date | null }>(
      "SELECT locked_until FROM auth_throttle WHERE key = $1",
      [key],
    );
    const lockedUntil = rows[0]?.locked_until ? new Date(rows[0].locked_until).getTime() : 0;
    if (lockedUntil > now)
      return {
        allowed: false,
        retryAfterSec: Math.ceil((lockedUntil - now) / 1000),
        reason: "locked",
        key,
      };
    return { allowed: false, retryAfterSec: 1, reason: "busy", key };
  }

  /** Forgets rows whose lock is served and whose window is quiet; never a live lock. */
  private async pruneNow() {
    const now = this.now();
    if (now - this.lastPruneMs < PRUNE_EVERY_MS) return;
    this.lastPruneMs = now;
    const quiet = Math.max(...RULES.map((r) => r.windowMs));
    await this.sql.query(
      `DELETE FROM auth_throttle WHERE (locked_until IS NULL OR locked_until <= $1::timestamptz)
         AND first_at <= $1::timestamptz - $2::double precision * interval '1 millisecond'
         AND (inflight_until IS NULL OR inflight_until <= $1::timestamptz)`,
      [iso(now), quiet],
    );
  }
}
