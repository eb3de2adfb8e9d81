import "server-only";
import { storable, type Sql } from "@/lib/db/sql";
import type { BulkItem, BulkJobView, ItemStatus } from "@/lib/rooms/bulk/types";

/** A job row as a runner needs it. */
export type JobRow = {
  id: string;
  project: string;
  actor: string;
  role: string;
  total: number;
  auditId: number | null;
  owner: string;
  takeovers: number;
};

export type PendingItem = { seq: number; name: string; auditId: number | null };
export type ItemResult = { seq: number } & Omit<BulkItem, "name">;

/**
 * Closes the audit records of the rooms in CTE `from` (audit_id, status, disconnected): deleted
 * and already closed are "ok"; anything else is "failed" with the status as its error code.
 */
const CLOSE_RECORDS = (from: string) => `
  UPDATE audit_events a SET
    outcome = CASE WHEN s.status IN ('deleted', 'already_closed') THEN 'ok' ELSE 'failed' END,
    error_code = CASE WHEN s.status = 'deleted' THEN NULL ELSE s.status END,
    disconnected = s.disconnected,
    finished_at = now()
  FROM ${from} s WHERE a.id = s.audit_id AND a.outcome = 'pending'
  RETURNING a.id`;

/** Problems listed in a view (the counts stay exact beyond it). */
const PROBLEMS_SHOWN = 1_000;

const jobOf = (r: Record<string, unknown>): JobRow => ({
  id: String(r.id),
  project: String(r.project),
  actor: String(r.actor),
  role: String(r.role),
  total: Number(r.total),
  auditId: r.audit_id === null ? null : Number(r.audit_id),
  owner: String(r.owner),
  takeovers: Number(r.takeovers),
});

/**
 * Bulk deletes in the database: a job row with its owner's heartbeat, one row per room. Each
 * room's result is written once (only a pending row takes a result), so a job finished by a
 * second instance still counts every room exactly once.
 */
export class BulkStore {
  constructor(private readonly sql: Sql) {}

  async create(job: Omit<JobRow, "takeovers">, names: string[]): Promise<void> {
    await this.sql.query(
      `WITH job AS (
         INSERT INTO bulk_jobs (id, project, actor, role, total, audit_id, owner)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id
       )
       INSERT INTO bulk_items (job_id, seq, name, raw)
       SELECT job.id, u.ord - 1, u.name, v.raw
       FROM job, unnest($8::text[]) WITH ORDINALITY AS u(name, ord)
         JOIN unnest($9::text[]) WITH ORDINALITY AS v(raw, ord) ON v.ord = u.ord`,
      [
        job.id,
        job.project,
        job.actor,
        job.role,
        names.length,
        job.auditId,
        job.owner,
        names.map(storable),
        names.map((n) => (storable(n) === n ? null : JSON.stringify(n))),
      ],
    );
  }

  /** The next rooms not yet done, in the order given. */
  /** Rooms not yet done, in order, after `afterSeq` (-1: from the first). */
  async pending(jobId: string, limit: number, afterSeq = -1): Promise<PendingItem[]> {
    const { rows } = await this.sql.query<{
      seq: number;
      name: string;
      raw: string | null;
      audit_id: string | null;
    }>(
      `SELECT seq, name, raw, audit_id FROM bulk_items
       WHERE job_id = $1 AND status = 'pending' AND seq > $3 ORDER BY seq LIMIT $2`,
      [jobId, limit, afterSeq],
    );
    return rows.map((r) => ({
      seq: Number(r.seq),
      name: r.raw === null ? r.name : (JSON.parse(r.raw) as string),
      auditId: r.audit_id === null ? null : Number(r.audit_id),
    }));
  }

  /** Remembers the audit records written for rooms, before they are touched. */
  async setAuditIds(jobId: string, items: { seq: number; auditId: number }[]): Promise<void> {
    if (items.length === 0) return;
    await this.sql.query(
      `UPDATE bulk_items b SET audit_id = u.audit_id
       FROM unnest($2::int[], $3::bigint[]) AS u(seq, audit_id)
       WHERE b.job_id = $1 AND b.seq = u.seq`,
      [jobId, items.map((i) => i.seq), items.map((i) => i.auditId)],
    );
  }

  /**
   * Results of rooms, and their audit records closed to match, in one statement: a room's row
   * and its record cannot disagree, whatever instance dies when. A room that already has a
   * result keeps it (and its record). Returns how many rooms took a result.
   */
  async saveResults(jobId: string, results: ItemResult[]): Promise<number> {
    if (results.length === 0) return 0;
    const { rows } = await this.sql.query<{ n: string }>(
      `WITH saved AS (
         UPDATE bulk_items b SET status = u.status, disconnected = u.disconnected, message = u.message
         FROM unnest($2::int[], $3::text[], $4::int[], $5::text[]) AS u(seq, status, disconnected, message)
         WHERE b.job_id = $1 AND b.seq = u.seq AND b.status = 'pending'
         RETURNING b.audit_id, b.status, b.disconnected
       ), closed AS (
         ${CLOSE_RECORDS("saved")}
       )
       SELECT count(*) AS n FROM saved`,
      [
        jobId,
        results.map((r) => r.seq),
        results.map((r) => r.status),
        results.map((r) => r.disconnected),
        results.map((r) => r.message ?? null),
      ],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * The owner's heartbeat. Undefined when this owner no longer holds the job (another instance
   * took it over while this one stalled): the caller stops at once.
   */
  async heartbeat(jobId: string, owner: string): Promise<{ cancelRequested: boolean } | undefined> {
    const { rows } = await this.sql.query<{ cancel_requested: boolean }>(
      `UPDATE bulk_jobs SET heartbeat_at = now()
       WHERE id = $1 AND owner = $2 AND finished_at IS NULL RETURNING cancel_requested`,
      [jobId, owner],
    );
    return rows[0] ? { cancelRequested: rows[0].cancel_requested } : undefined;
  }

  /**
   * Takes over one unfinished job whose owner has not beaten for `staleMs` (its instance died
   * or hangs). SKIP LOCKED: two instances looking at once take different jobs, never the same.
   */
  async takeOver(owner: string, staleMs: number): Promise<JobRow | undefined> {
    const { rows } = await this.sql.query(
      `UPDATE bulk_jobs SET owner = $1, heartbeat_at = now(), takeovers = takeovers + 1
       WHERE id = (
         SELECT id FROM bulk_jobs
         WHERE finished_at IS NULL AND heartbeat_at < now() - make_interval(secs => $2::float8 / 1000)
         ORDER BY heartbeat_at LIMIT 1 FOR UPDATE SKIP LOCKED
       )
       RETURNING *`,
      [owner, staleMs],
    );
    return rows[0] ? jobOf(rows[0]) : undefined;
  }

  async requestCancel(jobId: string): Promise<void> {
    await this.sql.query(`UPDATE bulk_jobs SET cancel_requested = true WHERE id = $1`, [jobId]);
  }

  async stop(jobId: string, reason: string): Promise<void> {
    await this.sql.query(`UPDATE bulk_jobs SET stop_reason = $2 WHERE id = $1`, [jobId, reason]);
  }

  /**
   * Ends the job: rooms never started read `status` ("cancelled", with why) and their audit
   * records say so, in the same statement that marks the job finished.
   */
  async finish(
    jobId: string,
    owner: string,
    errorCode: string,
    message: string | null,
  ): Promise<void> {
    await this.sql.query(
      `WITH mine AS (
         UPDATE bulk_jobs SET finished_at = now()
         WHERE id = $1 AND owner = $2 AND finished_at IS NULL RETURNING id
       ), left_over AS (
         UPDATE bulk_items SET status = 'cancelled', message = $4
         WHERE job_id = (SELECT id FROM mine) AND status = 'pending'
         RETURNING audit_id, $3::text AS status, 0 AS disconnected
       ), closed AS (
         ${CLOSE_RECORDS("left_over")}
       )
       SELECT count(*) FROM left_over`,
      [jobId, owner, errorCode, message],
    );
  }

  async job(
    jobId: string,
  ): Promise<
    | (JobRow & { finished: boolean; cancelRequested: boolean; stopReason: string | null })
    | undefined
  > {
    const { rows } = await this.sql.query(`SELECT * FROM bulk_jobs WHERE id = $1`, [jobId]);
    const r = rows[0];
    if (!r) return undefined;
    return {
      ...jobOf(r),
      finished: r.finished_at !== null,
      cancelRequested: Boolean(r.cancel_requested),
      stopReason: (r.stop_reason as string | null) ?? null,
    };
  }

  /** What any instance shows of a job: exact counts, and the rooms that were not deleted. */
  async view(jobId: string): Promise<BulkJobView | undefined> {
    const job = await this.job(jobId);
    if (!job) return undefined;
    const [counted, problems] = await Promise.all([
      this.sql.query<{ status: ItemStatus; n: string; disconnected: string }>(
        `SELECT status, count(*) AS n, sum(disconnected) AS disconnected
         FROM bulk_items WHERE job_id = $1 GROUP BY status`,
        [jobId],
      ),
      this.sql.query<{
        name: string;
        raw: string | null;
        status: ItemStatus;
        disconnected: number;
        message: string;
      }>(
        `SELECT name, raw, status, disconnected, message FROM bulk_items
         WHERE job_id = $1 AND status NOT IN ('pending', 'deleted') ORDER BY seq LIMIT $2`,
        [jobId, PROBLEMS_SHOWN],
      ),
    ]);
    const counts: Record<ItemStatus, number> = {
      pending: 0,
      deleted: 0,
      already_closed: 0,
      ghost: 0,
      failed: 0,
      cancelled: 0,
    };
    let disconnected = 0;
    for (const r of counted.rows) {
      counts[r.status] = Number(r.n);
      disconnected += Number(r.disconnected);
    }
    return {
      id: job.id,
      total: job.total,
      done: job.total - counts.pending,
      running: !job.finished,
      cancelled: job.cancelRequested,
      stopped: job.stopReason ?? undefined,
      disconnected,
      counts,
      problems: problems.rows.map((p) => ({
        name: p.raw === null ? p.name : (JSON.parse(p.raw) as string),
        status: p.status,
        disconnected: Number(p.disconnected),
        ...(p.message ? { message: p.message } : {}),
      })),
      ...(job.takeovers > 0 ? { takenOver: job.takeovers } : {}),
    };
  }

  /** The actor's unfinished job in this project, if any (one at a time per person). */
  async runningOf(
    actor: string,
    project: string,
  ): Promise<{ id: string; total: number } | undefined> {
    const { rows } = await this.sql.query<{ id: string; total: number }>(
      `SELECT id, total FROM bulk_jobs WHERE project = $1 AND actor = $2 AND finished_at IS NULL LIMIT 1`,
      [project, actor],
    );
    return rows[0] ? { id: rows[0].id, total: Number(rows[0].total) } : undefined;
  }

  /** Finished jobs older than `days` go (their audit records stay). */
  async prune(days: number): Promise<void> {
    await this.sql.query(
      `DELETE FROM bulk_jobs WHERE finished_at < now() - make_interval(days => $1)`,
      [days],
    );
  }
}
