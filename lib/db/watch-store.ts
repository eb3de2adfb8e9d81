import "server-only";
import type { Sql } from "@/lib/db/sql";

const iso = (ms: number) => new Date(ms).toISOString();

export type WatchRow = {
  identity: string;
  project: string;
  room: string;
  actor: string;
  role: string;
  startedAtMs: number;
  endsAtMs: number;
};

type Raw = {
  identity: string;
  project: string;
  room: string;
  actor: string;
  role: string;
  started_at: Date | string;
  ends_at: Date | string;
};
const rowOf = (r: Raw): WatchRow => ({
  identity: r.identity,
  project: r.project,
  room: r.room,
  actor: r.actor,
  role: r.role,
  startedAtMs: new Date(r.started_at).getTime(),
  endsAtMs: new Date(r.ends_at).getTime(),
});

/**
 * Watches in the database, from the token to the end, so the maximum holds whatever the
 * watcher's client does and whichever instance notices: ending one is one atomic statement,
 * so its end is recorded once.
 */
export class WatchStore {
  constructor(private readonly sql: Sql) {}

  async start(w: WatchRow): Promise<void> {
    await this.sql.query(
      `INSERT INTO watches (identity, project, room, actor, role, started_at, ends_at)
       VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $7::timestamptz)`,
      [w.identity, w.project, w.room, w.actor, w.role, iso(w.startedAtMs), iso(w.endsAtMs)],
    );
  }

  /** Marks a watch ended; false when it had ended already (or never started). */
  async end(identity: string, reason: string, atMs = Date.now()): Promise<boolean> {
    const { rows } = await this.sql.query(
      `UPDATE watches SET ended_at = $3::timestamptz, end_reason = $2
       WHERE identity = $1 AND ended_at IS NULL RETURNING identity`,
      [identity, reason, iso(atMs)],
    );
    return rows.length > 0;
  }

  /** Watches not ended whose maximum ran out before `beforeMs`, oldest first. */
  async overdue(beforeMs: number, limit = 100): Promise<WatchRow[]> {
    const { rows } = await this.sql.query<Raw>(
      `SELECT identity, project, room, actor, role, started_at, ends_at FROM watches
       WHERE ended_at IS NULL AND ends_at < $1::timestamptz ORDER BY ends_at LIMIT $2`,
      [iso(beforeMs), limit],
    );
    return rows.map(rowOf);
  }

  async get(identity: string): Promise<(WatchRow & { endReason: string | null }) | undefined> {
    const { rows } = await this.sql.query<Raw & { end_reason: string | null }>(
      `SELECT identity, project, room, actor, role, started_at, ends_at, end_reason FROM watches
       WHERE identity = $1`,
      [identity],
    );
    return rows[0] && { ...rowOf(rows[0]), endReason: rows[0].end_reason };
  }

  /** Forgets watches that ended before `before` (the audit trail keeps their start and end). */
  async prune(before: Date): Promise<number> {
    const { rows } = await this.sql.query(
      "DELETE FROM watches WHERE ended_at < $1::timestamptz RETURNING identity",
      [before.toISOString()],
    );
    return rows.length;
  }
}
