import "server-only";
import type { Sql } from "@/lib/audit/store";

/**
 * Sign-in throttling, in the database every bundle and instance shares. An attempt reserves its
 * slot atomically before the password is checked, so a burst of parallel guesses cannot slip
 * past the count; a user key also holds a short lease, so one check per user runs at a time.
 * Rows are pruned only once their lock is served and their window is quiet: spraying made-up
 * names cannot evict a live lock.
 */
export type ThrottleRule = {
  slowAfter: number;
  lockAfter: number;
  windowMs: number;
  lockMs: number;
};

export const USER_RULE: ThrottleRule = {
  slowAfter: 3,
  lockAfter: 5,
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
};
export const ADDRESS_RULE: ThrottleRule = {
  slowAfter: 10,
  lockAfter: 20,
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
};
const MAX_DELAY_MS = 4_000;
/** How long a user's lease lasts if its holder dies mid-check. */
const LEASE_MS = 15_000;
const PRUNE_EVERY_MS = 60_000;

/** A key to count, and whether it admits one check at a time (users) or many (addresses). */
export type ThrottleKey = { key: string; rule: ThrottleRule; exclusive?: boolean };

export type Verdict =
  | { allowed: true; delayMs: number }
  | { allowed: false; retryAfterSec: number; reason: "locked" | "busy" };

const iso = (ms: number) => new Date(ms).toISOString();

export class Throttle {
  private lastPruneMs = 0;
  constructor(
    private readonly sql: Sql,
    private readonly now: () => number = Date.now,
  ) {}

  /** Reserves an attempt on every key, or none: refused keys undo the others. */
  async reserve(keys: ThrottleKey[]): Promise<Verdict> {
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

  /** A wrong password: the reserved attempts stay as failures; a key at its limit locks. */
  async fail(keys: ThrottleKey[]): Promise<void> {
    const now = this.now();
    for (const { key, rule } of keys) {
      await this.sql.query(
        `UPDATE auth_throttle SET inflight_until = NULL,
           locked_until = CASE WHEN attempts >= $3 THEN $2::timestamptz + $4::double precision * interval '1 millisecond' ELSE locked_until END
         WHERE key = $1`,
        [key, iso(now), rule.lockAfter, rule.lockMs],
      );
    }
  }

  /** A right password clears the exclusive (user) keys; the others only give back the slot. */
  async succeed(keys: ThrottleKey[]): Promise<void> {
    for (const k of keys) {
      if (k.exclusive) await this.sql.query("DELETE FROM auth_throttle WHERE key = $1", [k.key]);
      else await this.release([k]);
    }
  }

  /** Gives back reserved attempts that were not checked (refused elsewhere, or an error). */
  async release(keys: ThrottleKey[]): Promise<void> {
    for (const { key } of keys) {
      await this.sql.query(
        "UPDATE auth_throttle SET attempts = GREATEST(attempts - 1, 0), inflight_until = NULL WHERE key = $1",
        [key],
      );
    }
  }

  private async reserveOne({ key, rule, exclusive }: ThrottleKey): Promise<Verdict> {
    const now = this.now();
    // A served lock or a quiet window starts the count afresh.
    await this.sql.query(
      `UPDATE auth_throttle SET attempts = 0, first_at = $2::timestamptz, locked_until = NULL
       WHERE key = $1 AND ((locked_until IS NOT NULL AND locked_until <= $2::timestamptz)
         OR (locked_until IS NULL AND first_at <= $2::timestamptz - $3::double precision * interval '1 millisecond'))`,
      [key, iso(now), rule.windowMs],
    );
    const lease = exclusive ? iso(now + LEASE_MS) : null;
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
    if (attempts > rule.lockAfter) {
      // More attempts at once than the limit allows: this one is not checked.
      await this.release([{ key, rule }]);
      return { allowed: false, retryAfterSec: 1, reason: "busy" };
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
      };
    return { allowed: false, retryAfterSec: 1, reason: "busy" };
  }

  /** Forgets rows whose lock is served and whose window is quiet; never a live lock. */
  private async pruneNow() {
    const now = this.now();
    if (now - this.lastPruneMs < PRUNE_EVERY_MS) return;
    this.lastPruneMs = now;
    const quiet = Math.max(USER_RULE.windowMs, ADDRESS_RULE.windowMs);
    await this.sql.query(
      `DELETE FROM auth_throttle WHERE (locked_until IS NULL OR locked_until <= $1::timestamptz)
         AND first_at <= $1::timestamptz - $2::double precision * interval '1 millisecond'
         AND (inflight_until IS NULL OR inflight_until <= $1::timestamptz)`,
      [iso(now), quiet],
    );
  }
}
