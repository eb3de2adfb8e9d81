import "server-only";
import type { AuditStore } from "@/lib/db/audit-store";
import type { Sql } from "@/lib/db/sql";

/** Distinct failed-sign-in rows per window before the rest share one "many addresses" row. */
const FAILURE_ROWS_PER_WINDOW = 200;
const FAILURE_WINDOW_MS = 15 * 60_000;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Session revocations, operator removals and the aggregation of failed sign-ins, in the
 * database: every bundle of this server, every instance and a restart see the same answer.
 */
export class SecurityStore {
  constructor(
    private readonly sql: Sql,
    private readonly audit: AuditStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when the token may still be used: not signed out, not issued before a removal. */
  async sessionStands(id: string, username: string, issuedAtMs: number): Promise<boolean> {
    const { rows } = await this.sql.query<{ revoked: number | null; removed_at: string | null }>(
      `SELECT (SELECT 1 FROM session_revocations WHERE jti = $1) AS revoked,
              (SELECT removed_at FROM operator_presence WHERE username = $2) AS removed_at`,
      [id, username],
    );
    const row = rows[0];
    if (!row || row.revoked) return false;
    return !row.removed_at || issuedAtMs > new Date(row.removed_at).getTime();
  }

  /** Signs a token out for good, until it would have expired anyway. */
  async revoke(id: string, expiresAtSec: number): Promise<void> {
    await this.sql.query(
      "INSERT INTO session_revocations (jti, expires_at) VALUES ($1, to_timestamp($2)) ON CONFLICT (jti) DO NOTHING",
      [id, expiresAtSec],
    );
    await this.sql.query("DELETE FROM session_revocations WHERE expires_at < $1::timestamptz", [
      iso(this.now()),
    ]);
  }

  /**
   * Tells the database who is configured now. An operator who was present and is gone is
   * marked removed: tokens issued before that stay invalid even if they are added back.
   */
  async syncOperators(usernames: string[]): Promise<void> {
    await this.sql.query(
      `INSERT INTO operator_presence (username, present)
       SELECT u, true FROM unnest($1::text[]) AS u
       ON CONFLICT (username) DO UPDATE SET present = true`,
      [usernames],
    );
    await this.sql.query(
      `UPDATE operator_presence SET present = false, removed_at = $2::timestamptz
       WHERE present AND NOT (username = ANY($1::text[]))`,
      [usernames, iso(this.now())],
    );
  }

  /** Counts one change by this operator; refused past the limit within the current minute. */
  async countMutation(
    username: string,
    perMinute: number,
  ): Promise<{ allowed: boolean; retryAfterSec: number }> {
    const now = this.now();
    const windowStart = now - (now % 60_000);
    const { rows } = await this.sql.query<{ count: number }>(
      `INSERT INTO rate_windows AS r (key, window_start, count) VALUES ($1, $2::timestamptz, 1)
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN r.window_start = EXCLUDED.window_start THEN r.count + 1 ELSE 1 END,
         window_start = EXCLUDED.window_start
       RETURNING count`,
      [`mutations:${username}`, iso(windowStart)],
    );
    const count = Number(rows[0]?.count ?? 0);
    return {
      allowed: count <= perMinute,
      retryAfterSec: Math.max(1, Math.ceil((windowStart + 60_000 - now) / 1000)),
    };
  }

  /**
   * Records a failed sign-in without letting a spray fill the audit trail: one row per address
   * and user (unknown names count as one user) per 15 minutes, whose count grows.
   */
  async recordSignInFailure(f: {
    address: string;
    username: string;
    known: boolean;
  }): Promise<void> {
    const now = this.now();
    const actor = f.known ? f.username : "unknown user";
    const key = `${f.address}\t${actor}`;
    if (await this.bump(key, f.username, now)) return;
    const { rows } = await this.sql.query<{ n: string }>(
      "SELECT count(*) AS n FROM auth_failure_rows WHERE until > $1::timestamptz",
      [iso(now)],
    );
    const full = Number(rows[0]?.n ?? 0) >= FAILURE_ROWS_PER_WINDOW;
    if (full && (await this.bump("overflow", f.username, now))) return;
    const id = await this.audit.record({
      actor: full ? "unknown user" : actor,
      action: "auth.sign-in",
      target: full ? "many addresses" : f.address,
      params: { attempts: 1, lastUsername: f.username.slice(0, 64) },
      outcome: "failed",
      errorCode: "unauthenticated",
    });
    await this.sql.query(
      `INSERT INTO auth_failure_rows (key, audit_id, until) VALUES ($1, $2, $3::timestamptz)
       ON CONFLICT (key) DO UPDATE SET audit_id = EXCLUDED.audit_id, until = EXCLUDED.until`,
      [full ? "overflow" : key, id, iso(now + FAILURE_WINDOW_MS)],
    );
    await this.sql.query("DELETE FROM auth_failure_rows WHERE until <= $1::timestamptz", [
      iso(now),
    ]);
  }

  /** Adds one to this key's row of the current window; false when it has none. */
  private async bump(key: string, username: string, now: number): Promise<boolean> {
    const { rows } = await this.sql.query(
      `UPDATE audit_events SET repeats = repeats + 1, finished_at = $3::timestamptz,
         params = params || jsonb_build_object('attempts', repeats + 1, 'lastUsername', $2::text)
       WHERE id = (SELECT audit_id FROM auth_failure_rows WHERE key = $1 AND until > $3::timestamptz)
       RETURNING id`,
      [key, username.slice(0, 64), iso(now)],
    );
    return rows.length > 0;
  }
}
