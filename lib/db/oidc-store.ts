import "server-only";
import type { Sql } from "@/lib/db/sql";

/** A sign-in through the provider between the redirect there and the callback. */
export type OidcFlow = {
  state: string;
  nonce: string;
  verifier: string;
  redirectUri: string;
  next?: string;
  address: string;
};

export type OidcSessionRow = { username: string; subject: string; groups: string[] };

const FLOW_TTL_MS = 10 * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Sign-ins in progress and the sessions they made (tables oidc_flows and oidc_sessions): in the
 * database, so a callback may reach another instance than its start, and a provider's logout
 * ends the session on every instance.
 */
export class OidcStore {
  constructor(
    private readonly sql: Sql,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Keeps a flow for ten minutes under the hash of the browser's cookie. False when this
   * address already has `perAddress` flows pending: a script starting flows in a loop cannot
   * fill the table.
   */
  async startFlow(idHash: string, f: OidcFlow, perAddress: number): Promise<boolean> {
    const now = this.now();
    await this.sql.query("DELETE FROM oidc_flows WHERE expires_at <= $1::timestamptz", [iso(now)]);
    const { rows } = await this.sql.query(
      `INSERT INTO oidc_flows (id, state, nonce, verifier, redirect_uri, next, address, expires_at)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8::timestamptz
       WHERE (SELECT count(*) FROM oidc_flows WHERE address = $7) < $9
       RETURNING id`,
      [
        idHash,
        f.state,
        f.nonce,
        f.verifier,
        f.redirectUri,
        f.next ?? null,
        f.address,
        iso(now + FLOW_TTL_MS),
        perAddress,
      ],
    );
    return rows.length > 0;
  }

  /** The flow under this hash, removed as it is read: a callback is honoured once. */
  async takeFlow(idHash: string): Promise<OidcFlow | undefined> {
    const { rows } = await this.sql.query<{
      state: string;
      nonce: string;
      verifier: string;
      redirect_uri: string;
      next: string | null;
      address: string;
    }>(
      `DELETE FROM oidc_flows WHERE id = $1 AND expires_at > $2::timestamptz
       RETURNING state, nonce, verifier, redirect_uri, next, address`,
      [idHash, iso(this.now())],
    );
    const r = rows[0];
    return r
      ? {
          state: r.state,
          nonce: r.nonce,
          verifier: r.verifier,
          redirectUri: r.redirect_uri,
          next: r.next ?? undefined,
          address: r.address,
        }
      : undefined;
  }

  async saveSession(s: {
    jti: string;
    username: string;
    issuer: string;
    subject: string;
    providerSid?: string;
    groups: string[];
    expiresAtSec: number;
  }): Promise<void> {
    await this.sql.query("DELETE FROM oidc_sessions WHERE expires_at <= $1::timestamptz", [
      iso(this.now()),
    ]);
    await this.sql.query(
      `INSERT INTO oidc_sessions (jti, username, issuer, subject, provider_sid, groups, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6::text[], to_timestamp($7))`,
      [s.jti, s.username, s.issuer, s.subject, s.providerSid ?? null, s.groups, s.expiresAtSec],
    );
  }

  /** The session of this token, unless it was signed out, ended by the provider, or expired. */
  async session(jti: string): Promise<OidcSessionRow | undefined> {
    const { rows } = await this.sql.query<OidcSessionRow>(
      `SELECT username, subject, groups FROM oidc_sessions s
       WHERE jti = $1 AND expires_at > $2::timestamptz
         AND NOT EXISTS (SELECT 1 FROM session_revocations r WHERE r.jti = s.jti)`,
      [jti, iso(this.now())],
    );
    return rows[0];
  }

  /**
   * Binds this console name to the provider's subject, unless another subject holds it: true
   * when the name is (now) this subject's. Names own jobs and watches, so they are never shared.
   */
  async claimUsername(username: string, issuer: string, subject: string): Promise<boolean> {
    await this.sql.query(
      `INSERT INTO oidc_usernames (username, issuer, subject) VALUES ($1, $2, $3)
       ON CONFLICT (username) DO NOTHING`,
      [username, issuer, subject],
    );
    const { rows } = await this.sql.query(
      "SELECT 1 FROM oidc_usernames WHERE username = $1 AND issuer = $2 AND subject = $3",
      [username, issuer, subject],
    );
    return rows.length > 0;
  }

  /**
   * The groups of this person's newest standing session (a bulk delete re-checks its role):
   * only a session of the subject the name is bound to, never another account's of that name.
   */
  async latestGroups(username: string): Promise<string[] | undefined> {
    const { rows } = await this.sql.query<{ groups: string[] }>(
      `SELECT groups FROM oidc_sessions s
       JOIN oidc_usernames u ON u.username = s.username AND u.issuer = s.issuer
         AND u.subject = s.subject
       WHERE s.username = $1 AND expires_at > $2::timestamptz
         AND NOT EXISTS (SELECT 1 FROM session_revocations r WHERE r.jti = s.jti)
       ORDER BY started_at DESC LIMIT 1`,
      [username, iso(this.now())],
    );
    return rows[0]?.groups;
  }

  /**
   * Records a logout token's jti as honoured: false when it was already (a replay). Kept until
   * `untilSec`, when the token's age refuses it anyway.
   */
  async firstLogoutToken(issuer: string, jti: string, untilSec: number): Promise<boolean> {
    await this.sql.query("DELETE FROM oidc_logout_tokens WHERE expires_at <= $1::timestamptz", [
      iso(this.now()),
    ]);
    const { rows } = await this.sql.query(
      `INSERT INTO oidc_logout_tokens (issuer, jti, expires_at) VALUES ($1, $2, to_timestamp($3))
       ON CONFLICT (issuer, jti) DO NOTHING RETURNING jti`,
      [issuer, jti, untilSec],
    );
    return rows.length > 0;
  }

  /** Forgets a jti whose logout could not be carried out, so the provider's retry is honoured. */
  async forgetLogoutToken(issuer: string, jti: string): Promise<void> {
    await this.sql.query("DELETE FROM oidc_logout_tokens WHERE issuer = $1 AND jti = $2", [
      issuer,
      jti,
    ]);
  }

  /**
   * Ends every session the provider's logout names: by its session id (sid) when given,
   * otherwise every session of the subject. Returns the usernames whose sessions ended.
   */
  async endProviderSession(
    issuer: string,
    by: { sid?: string; subject?: string },
  ): Promise<string[]> {
    // Neither: a logout token must name one (the route checks it); never "every session".
    if (!by.sid && !by.subject) return [];
    const { rows } = await this.sql.query<{ username: string }>(
      `INSERT INTO session_revocations (jti, expires_at)
       SELECT jti, expires_at FROM oidc_sessions
       WHERE issuer = $1 AND expires_at > $4::timestamptz
         AND ($2::text IS NULL OR provider_sid = $2) AND ($3::text IS NULL OR subject = $3)
       ON CONFLICT (jti) DO NOTHING
       RETURNING (SELECT username FROM oidc_sessions o WHERE o.jti = session_revocations.jti) AS username`,
      [issuer, by.sid ?? null, by.subject ?? null, iso(this.now())],
    );
    return [...new Set(rows.map((r) => r.username))];
  }
}
