import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/lib/db/open";
import type { JobRow } from "@/lib/db/bulk-store";
import { pgSchema } from "../support/pg-schema";

/**
 * The rows behind durable bulk deletes, on both databases: who may take a job over, and that
 * a room's result (and its audit record) is written once, whoever writes it.
 */
const pg = pgSchema("lka_bulk");
beforeAll(pg.create);
afterAll(pg.drop);

const backends = [
  {
    name: "PostgreSQL",
    env: () => ({ DATABASE_URL: pg.url }),
  },
  {
    name: "PGlite",
    env: () => ({ LIVEKIT_ADMIN_DATA_DIR: mkdtempSync(path.join(tmpdir(), "lka-bulk-")) }),
  },
];

describe.each(backends)("bulk jobs on $name", ({ env }) => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase(env());
  });
  afterAll(async () => {
    await db.close();
  });

  async function newJob(names: string[], owner: string): Promise<JobRow> {
    const auditId = await db.audit.record({
      actor: "ada",
      role: "admin",
      project: "p",
      action: "bulk.delete",
      outcome: "pending",
    });
    const job: JobRow = {
      id: randomUUID(),
      project: "p",
      actor: "ada",
      role: "admin",
      total: names.length,
      auditId,
      owner,
      takeovers: 0,
    };
    await db.bulk.create(job, names);
    return job;
  }
  const age = (id: string, seconds: number) =>
    db.sql.query(
      `UPDATE bulk_jobs SET heartbeat_at = now() - make_interval(secs => $2) WHERE id = $1`,
      [id, seconds],
    );

  it("only a job whose owner went silent is taken over, by one taker each, and its old owner learns it lost it", async () => {
    const fresh = await newJob(["f-1"], "alive");
    const [s1, s2] = [await newJob(["s-1"], "dead-1"), await newJob(["s-2"], "dead-2")];
    await age(s1.id, 30);
    await age(s2.id, 30);
    const [a, b, c] = await Promise.all([
      db.bulk.takeOver("taker-a", 10_000),
      db.bulk.takeOver("taker-b", 10_000),
      db.bulk.takeOver("taker-c", 10_000),
    ]);
    const taken = [a, b, c].filter((j) => j !== undefined);
    // Two stale jobs, three takers: each job once; the fresh one never.
    expect(taken.map((j) => j.id).sort()).toEqual([s1.id, s2.id].sort());
    expect(new Set(taken.map((j) => j.owner)).size).toBe(2);
    expect(taken.every((j) => j.takeovers === 1)).toBe(true);
    expect(await db.bulk.heartbeat(s1.id, "dead-1")).toBeUndefined();
    expect(await db.bulk.heartbeat(fresh.id, "alive")).toEqual({ cancelRequested: false });
    await db.bulk.requestCancel(fresh.id);
    expect(await db.bulk.heartbeat(fresh.id, "alive")).toEqual({ cancelRequested: true });
  });

  it("a room's result is written once, with its audit record, whoever writes it", async () => {
    const job = await newJob(["r-0", "r-1", "r-2"], "first");
    const pending = await db.bulk.pending(job.id, 10);
    const ids = await db.audit.recordMany(
      pending.map((p) => ({
        actor: "ada",
        role: "admin",
        project: "p",
        action: "room.delete",
        target: p.name,
        params: { job: job.id },
        outcome: "pending",
      })),
    );
    await db.bulk.setAuditIds(
      job.id,
      pending.map((p, i) => ({ seq: p.seq, auditId: ids[i]! })),
    );
    // Two writers race for room 0 (an owner that stalled, and the one that took over).
    const [x, y] = await Promise.all([
      db.bulk.saveResults(job.id, [{ seq: 0, status: "deleted", disconnected: 2 }]),
      db.bulk.saveResults(job.id, [{ seq: 0, status: "already_closed", disconnected: 0 }]),
    ]);
    expect(x + y).toBe(1);
    expect(await db.bulk.saveResults(job.id, [{ seq: 1, status: "ghost", disconnected: 0 }])).toBe(
      1,
    );
    // The rest never started: finished as cancelled, records closed so.
    await db.bulk.finish(job.id, "first", "cancelled", null);
    const view = (await db.bulk.view(job.id))!;
    expect(view.total).toBe(3);
    expect(view.done).toBe(3);
    expect(view.running).toBe(false);
    expect(view.counts.deleted + view.counts.already_closed).toBe(1);
    expect(view.counts.ghost).toBe(1);
    expect(view.counts.cancelled).toBe(1);
    const { rows } = await db.sql.query<{
      name: string;
      status: string;
      b_disc: number;
      outcome: string;
      error_code: string | null;
      a_disc: number;
    }>(
      `SELECT b.name, b.status, b.disconnected AS b_disc, a.outcome, a.error_code, a.disconnected AS a_disc
       FROM bulk_items b JOIN audit_events a ON a.id = b.audit_id WHERE b.job_id = $1 ORDER BY b.seq`,
      [job.id],
    );
    const first = rows[0]!;
    expect(first.outcome).toBe("ok");
    expect(first.a_disc).toBe(first.b_disc);
    expect(first.error_code).toBe(first.status === "deleted" ? null : first.status);
    expect(rows[1]).toMatchObject({ status: "ghost", outcome: "failed", error_code: "ghost" });
    expect(rows[2]).toMatchObject({
      status: "cancelled",
      outcome: "failed",
      error_code: "cancelled",
    });
    // A finished job is nobody's to take over, however silent.
    await age(job.id, 60);
    const other = await db.bulk.takeOver("late", 10_000);
    expect(other?.id).not.toBe(job.id);
  });

  it("room names come back exactly, NUL and all, and read in the trail's form", async () => {
    const names = ["a\u0000b", "plain", "rtl \u05e9\u05dc\u05d5\u05dd / ? # %"];
    const job = await newJob(names, "o");
    expect((await db.bulk.pending(job.id, 10)).map((p) => p.name)).toEqual(names);
    await db.bulk.saveResults(job.id, [
      { seq: 0, status: "failed", disconnected: 0, message: "x" },
    ]);
    const view = (await db.bulk.view(job.id))!;
    expect(view.problems.map((p) => p.name)).toEqual(["a\u0000b"]);
    const { rows } = await db.sql.query<{ name: string }>(
      `SELECT name FROM bulk_items WHERE job_id = $1 AND seq = 0`,
      [job.id],
    );
    expect(rows[0]!.name).toBe("a\u2400b");
  });
});
