import { readFileSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { cancelBulkDelete, startBulkDelete } from "@/app/p/[project]/attention/actions";
import { createRoom } from "@/app/p/[project]/rooms/actions";
import { apiGet } from "../support/api";
import { database } from "@/lib/db";
import type { ActionResult } from "@/lib/procedures/result";
import { signSession } from "@/lib/auth/token";
import { sessionAudience } from "@/lib/auth/session";
import { deleteSlots } from "@/lib/rooms/bulk/delete-slots";
import type { BulkJobView } from "@/lib/rooms/bulk/types";
import { withAccessFile } from "../support/access-fixture";
import { setSessionToken } from "../support/session-cookie";
import { sdk, uniqueRoom } from "../support/sdk";
import { SESSION_SECRET } from "./env";

const project = "main";
const lk = sdk();
const accessFile = withAccessFile({ beforeAll, afterAll });
const key = new TextEncoder().encode(SESSION_SECRET);
const as = async (username: string) =>
  setSessionToken(await signSession(username, key, { audience: await sessionAudience() }));
const saved = { ...process.env };
let bump = 0;

afterEach(() => {
  for (const k of [
    "MUTATIONS_PER_MINUTE",
    "BULK_DELETE_CONCURRENCY",
    "LIVEKIT_DELETE_CONCURRENCY",
  ]) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

async function makeRooms(prefix: string, n: number) {
  const names = Array.from({ length: n }, (_, i) => `${uniqueRoom(prefix)}-${i}`);
  for (let i = 0; i < n; i += 50)
    await Promise.all(names.slice(i, i + 50).map((name) => lk.createRoom({ name })));
  return names;
}

async function job(id: string): Promise<BulkJobView> {
  const { body } = await apiGet<ActionResult<BulkJobView>>(`/api/p/${project}/jobs/${id}`);
  if (!body.ok) throw new Error(body.error.message);
  return body.data;
}

async function until(id: string, done: (v: BulkJobView) => boolean): Promise<BulkJobView> {
  for (let i = 0; i < 1200; i++) {
    const v = await job(id);
    if (done(v)) return v;
    await sleep(50);
  }
  throw new Error("condition not reached");
}

/** Rewrites the operators file with one operator's role in main changed. */
function setRole(username: string, role: string) {
  const cfg = JSON.parse(readFileSync(accessFile(), "utf8")) as {
    operators: { username: string; roles: Record<string, string> }[];
  };
  for (const o of cfg.operators) if (o.username === username) o.roles.main = role;
  writeFileSync(accessFile(), JSON.stringify(cfg));
  process.env.LKA_TEST_BUMP = String(++bump);
}

describe("a running bulk delete", () => {
  it("stops before its next room when its operator is demoted, and says so in the summary and the audit", async () => {
    process.env.BULK_DELETE_CONCURRENCY = "2";
    const names = await makeRooms("demoted", 300);
    await as("oscar");
    const started = await startBulkDelete({ project, rooms: names, typed: "delete 300 rooms" });
    if (!started.ok) throw new Error(started.error.message);
    await until(started.data.id, (v) => v.done >= 20);
    setRole("oscar", "viewer");
    const end = await until(started.data.id, (v) => !v.running);
    setRole("oscar", "operator");
    expect(end.stopped).toBe("permission withdrawn");
    expect(end.counts.cancelled).toBeGreaterThan(0);
    const left = await lk.listRooms(names);
    expect(left).toHaveLength(end.counts.cancelled);
    const { audit } = await database();
    const [row] = await audit.query({ actor: "oscar", action: "bulk.stopped", limit: 1 });
    expect(row).toMatchObject({ outcome: "failed", errorCode: "permission_withdrawn" });
    // The job's own record ends with the job, not with its start.
    const [job] = await audit.query({ actor: "oscar", action: "bulk.delete", limit: 1 });
    expect(job).toMatchObject({ outcome: "failed", errorCode: "permission_withdrawn" });
    expect(job?.finishedAt).not.toBeNull();
    await Promise.all(left.map((r) => lk.deleteRoom(r.name)));
  }, 120_000);

  it("one at a time per operator and project; only its operator or an admin may cancel it", async () => {
    process.env.BULK_DELETE_CONCURRENCY = "1";
    const names = await makeRooms("one-job", 150);
    await as("oscar");
    const first = await startBulkDelete({
      project,
      rooms: names.slice(0, 100),
      typed: "delete 100 rooms",
    });
    if (!first.ok) throw new Error(first.error.message);
    const second = await startBulkDelete({
      project,
      rooms: names.slice(100),
      typed: "delete 50 rooms",
    });
    expect(second).toMatchObject({ ok: false, error: { code: "conflict" } });
    setRole("vera", "operator");
    await as("vera");
    const other = await cancelBulkDelete({ project, jobId: first.data.id });
    setRole("vera", "viewer");
    expect(other).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(other.ok ? "" : other.error.message).toMatch(
      /^Only oscar, who started this bulk delete/,
    );
    await as("ada");
    expect(await cancelBulkDelete({ project, jobId: first.data.id })).toMatchObject({ ok: true });
    const end = await until(first.data.id, (v) => !v.running);
    expect(end.cancelled).toBe(true);
    await Promise.all((await lk.listRooms(names)).map((r) => lk.deleteRoom(r.name)));
  }, 120_000);

  it("all jobs of a project together keep within LIVEKIT_DELETE_CONCURRENCY deletes in flight", async () => {
    process.env.BULK_DELETE_CONCURRENCY = "8";
    process.env.LIVEKIT_DELETE_CONCURRENCY = "3";
    const names = await makeRooms("capped", 200);
    let peak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, deleteSlots(project, 3).inFlight);
    }, 2);
    await as("oscar");
    const a = await startBulkDelete({
      project,
      rooms: names.slice(0, 100),
      typed: "delete 100 rooms",
    });
    await as("ada");
    const b = await startBulkDelete({
      project,
      rooms: names.slice(100),
      typed: "delete 100 rooms",
    });
    if (!a.ok || !b.ok) throw new Error("a job did not start");
    await until(a.data.id, (v) => !v.running);
    await until(b.data.id, (v) => !v.running);
    clearInterval(sampler);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(3);
    expect(await lk.listRooms(names)).toEqual([]);
  }, 120_000);
});

describe("the mutation rate limit", () => {
  it("refuses changes past MUTATIONS_PER_MINUTE with a message that says how long to wait", async () => {
    process.env.MUTATIONS_PER_MINUTE = "5";
    await as("sam");
    const results = [];
    for (let i = 0; i < 12; i++)
      results.push(await createRoom({ project: "second", name: uniqueRoom("rate") }));
    const refused = results.filter((r) => !r.ok);
    // Twelve in a row cross at most one minute boundary: at most ten pass.
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expect(refused[0]).toMatchObject({ ok: false, error: { code: "rate_limited" } });
    expect(refused[0]!.ok ? "" : refused[0]!.error.message).toMatch(
      /^You have made 5 changes in the last minute, the most allowed\. Wait \d+ s and try again\.$/,
    );
  });
});
