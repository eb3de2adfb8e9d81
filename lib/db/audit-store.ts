import "server-only";
import { maskUrlsIn } from "@/lib/url-mask";
import { storable, type Sql } from "@/lib/db/sql";

export type Outcome = "pending" | "ok" | "failed" | "refused";

export type AuditEntry = {
  actor: string;
  role?: string;
  project?: string;
  action: string;
  target?: string;
  params?: Record<string, unknown>;
  outcome: Outcome;
  errorCode?: string;
  disconnected?: number;
};

export type AuditRow = Required<Omit<AuditEntry, "errorCode">> & {
  id: number;
  at: string;
  errorCode: string | null;
  finishedAt: string | null;
  /** How many events this row stands for (repeated failed sign-ins are one row). */
  repeats: number;
};

export type AuditFilter = {
  project?: string;
  actor?: string;
  action?: string;
  outcome?: Outcome;
  target?: string;
  since?: Date;
  until?: Date;
  limit?: number;
};

const MAX_PARAM_CHARS = 1_000;
// Parameters are recorded for people to read, never secrets (a SIP rule's PIN, a call's DTMF) and never
// megabytes of metadata.
const SECRET_KEYS = /pass|secret|token|key|cookie|^pin$|^dtmf$/i;

// A URL's credentials (user:password, a query's token, a stream key) never stand in a row, even
// in what a refused caller sent: the URL stays recognisable, its secret parts do not.
const storableDeep = (v: unknown): unknown =>
  typeof v === "string"
    ? storable(maskUrlsIn(v))
    : Array.isArray(v)
      ? v.map(storableDeep)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([k]) => !SECRET_KEYS.test(k))
              .map(([k, x]) => [storable(k), storableDeep(x)]),
          )
        : v;

export function safeParams(params: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    if (SECRET_KEYS.test(k)) continue;
    const text = storableDeep(v);
    out[storable(k)] =
      typeof text === "string" && text.length > MAX_PARAM_CHARS
        ? `${text.slice(0, MAX_PARAM_CHARS)}… (${text.length} chars)`
        : text;
  }
  return out;
}

/** The audit trail's rows (table audit_events): recorded, closed, read and counted. */
export class AuditStore {
  constructor(private readonly sql: Sql) {}

  /** Records an event and returns its id. Throws when it cannot be written. */
  async record(e: AuditEntry): Promise<number> {
    const { rows } = await this.sql.query<{ id: string }>(
      `INSERT INTO audit_events (actor, role, project, action, target, params, outcome, error_code, disconnected, finished_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $7 = 'pending' THEN NULL ELSE now() END) RETURNING id`,
      [
        storable(e.actor),
        e.role ?? "",
        storable(e.project ?? ""),
        e.action,
        storable(e.target ?? ""),
        JSON.stringify(safeParams(e.params)),
        e.outcome,
        e.errorCode ?? null,
        e.disconnected ?? 0,
      ],
    );
    return Number(rows[0]!.id);
  }

  /**
   * Records many pending events in one statement (one transaction) and returns their ids in
   * the order given: a bulk delete writes a batch of rooms' records before touching them.
   */
  async recordMany(entries: AuditEntry[]): Promise<number[]> {
    if (entries.length === 0) return [];
    const col = <T>(f: (e: AuditEntry) => T) => entries.map(f);
    const { rows } = await this.sql.query<{ id: string }>(
      `INSERT INTO audit_events (actor, role, project, action, target, params, outcome, error_code, disconnected, finished_at)
       SELECT u.actor, u.role, u.project, u.action, u.target, u.params::jsonb, u.outcome, NULL, 0, NULL
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
         WITH ORDINALITY AS u(actor, role, project, action, target, params, outcome, ord)
       ORDER BY u.ord
       RETURNING id`,
      [
        col((e) => storable(e.actor)),
        col((e) => e.role ?? ""),
        col((e) => storable(e.project ?? "")),
        col((e) => e.action),
        col((e) => storable(e.target ?? "")),
        col((e) => JSON.stringify(safeParams(e.params))),
        col((e) => e.outcome),
      ],
    );
    // Ids come from one sequence in insertion order: ascending is the order given.
    return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  }

  /** Closes many records in one statement. */
  async finishMany(
    items: {
      id: number;
      outcome: Exclude<Outcome, "pending">;
      errorCode?: string;
      disconnected?: number;
    }[],
  ): Promise<void> {
    if (items.length === 0) return;
    await this.sql.query(
      `UPDATE audit_events a SET outcome = u.outcome, error_code = u.error_code,
         disconnected = u.disconnected, finished_at = now()
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[]) AS u(id, outcome, error_code, disconnected)
       WHERE a.id = u.id`,
      [
        items.map((i) => i.id),
        items.map((i) => i.outcome),
        items.map((i) => i.errorCode ?? null),
        items.map((i) => i.disconnected ?? 0),
      ],
    );
  }

  async finish(
    id: number,
    outcome: Exclude<Outcome, "pending">,
    opts: { errorCode?: string; disconnected?: number } = {},
  ): Promise<void> {
    await this.sql.query(
      "UPDATE audit_events SET outcome = $2, error_code = $3, disconnected = $4, finished_at = now() WHERE id = $1",
      [id, outcome, opts.errorCode ?? null, opts.disconnected ?? 0],
    );
  }

  /**
   * Closes a record only if it is still pending (compare-and-set), within one project and
   * action: true when this call closed it, false when someone else had already.
   */
  async finishPending(
    id: number,
    scope: { project: string; action: string },
    outcome: Exclude<Outcome, "pending">,
    opts: { errorCode?: string } = {},
  ): Promise<boolean> {
    const { rows } = await this.sql.query(
      `UPDATE audit_events SET outcome = $4, error_code = $5, finished_at = now()
       WHERE id = $1 AND project = $2 AND action = $3 AND outcome = 'pending' RETURNING id`,
      [id, scope.project, scope.action, outcome, opts.errorCode ?? null],
    );
    return rows.length === 1;
  }

  async query(f: AuditFilter = {}): Promise<AuditRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(clause.replace("?", `$${params.length}`));
    };
    // Sign-ins belong to no project: they show in every project's audit.
    if (f.project !== undefined) add("(project = ? OR project = '')", f.project);
    if (f.actor) add("actor = ?", f.actor);
    if (f.action) add("action = ?", f.action);
    if (f.outcome) add("outcome = ?", f.outcome);
    if (f.target) add("target ILIKE ?", `%${f.target.replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
    if (f.since) add("at >= ?", f.since.toISOString());
    if (f.until) add("at < ?", f.until.toISOString());
    params.push(Math.min(f.limit ?? 500, 10_000));
    const { rows } = await this.sql.query<Record<string, unknown>>(
      `SELECT id, at, actor, role, project, action, target, params, outcome, error_code, disconnected, finished_at, repeats
       FROM audit_events ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
       ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({
      id: Number(r.id),
      at: new Date(r.at as string).toISOString(),
      actor: r.actor as string,
      role: r.role as string,
      project: r.project as string,
      action: r.action as string,
      target: r.target as string,
      params: (typeof r.params === "string" ? JSON.parse(r.params) : r.params) as Record<
        string,
        unknown
      >,
      outcome: r.outcome as Outcome,
      errorCode: (r.error_code as string | null) ?? null,
      disconnected: Number(r.disconnected),
      finishedAt: r.finished_at ? new Date(r.finished_at as string).toISOString() : null,
      repeats: Number(r.repeats),
    }));
  }

  async count(): Promise<number> {
    const { rows } = await this.sql.query<{ n: string }>("SELECT count(*) AS n FROM audit_events");
    return Number(rows[0]!.n);
  }
}
