import "server-only";
import { randomUUID } from "node:crypto";
import type { Sql } from "@/lib/db/sql";

const iso = (ms: number) => new Date(ms).toISOString();

/** How long a lease lasts unless renewed: a holder that died lets go within this. */
export const LEASE_MS = 30_000;

/**
 * Leases in the database: work that one caller may have in flight once (a bulk-delete preview
 * per operator and project), whichever instance or bundle of the server runs it. Taking one is
 * one atomic statement, so two calls at once cannot both get it.
 */
export class LeaseStore {
  constructor(
    private readonly sql: Sql,
    private readonly now: () => number = Date.now,
  ) {}

  /** The lease on `key` for a new holder, or null while another holder's has not run out. */
  async take(key: string, ms = LEASE_MS): Promise<string | null> {
    const holder = randomUUID();
    const now = this.now();
    const { rows } = await this.sql.query(
      `INSERT INTO call_leases AS l (key, holder, until) VALUES ($1, $2, $3::timestamptz)
       ON CONFLICT (key) DO UPDATE SET holder = EXCLUDED.holder, until = EXCLUDED.until
       WHERE l.until <= $4::timestamptz
       RETURNING holder`,
      [key, holder, iso(now + ms), iso(now)],
    );
    return rows.length > 0 ? holder : null;
  }

  async renew(key: string, holder: string, ms = LEASE_MS): Promise<void> {
    await this.sql.query(
      "UPDATE call_leases SET until = $3::timestamptz WHERE key = $1 AND holder = $2",
      [key, holder, iso(this.now() + ms)],
    );
  }

  async release(key: string, holder: string): Promise<void> {
    await this.sql.query("DELETE FROM call_leases WHERE key = $1 AND holder = $2", [key, holder]);
  }

  /**
   * Runs `work` holding the lease on `key` (renewed while it runs, released after), or calls
   * `busy` without running it when another holder has the lease.
   */
  async hold<T>(key: string, work: () => Promise<T>, busy: () => never): Promise<T> {
    const holder = await this.take(key);
    if (holder === null) busy();
    // A failed renewal is not fatal: the lease runs out later, and the work goes on.
    const renew = setInterval(
      () => void this.renew(key, holder, LEASE_MS).catch(() => {}),
      LEASE_MS / 3,
    );
    try {
      return await work();
    } finally {
      clearInterval(renew);
      await this.release(key, holder).catch(() => {});
    }
  }
}
