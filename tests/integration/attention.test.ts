import { execFileSync } from "node:child_process";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { setTimeout as sleep } from "node:timers/promises";
import {
  cancelBulkDelete,
  previewBulkDelete,
  startBulkDelete,
} from "@/app/p/[project]/attention/actions";
import { apiGet } from "../support/api";
import { database } from "@/lib/db";
import type { ActionResult } from "@/lib/procedures/result";
import { reasonText, type AttentionRoom } from "@/lib/rooms/attention";
import type { BulkJobView } from "@/lib/rooms/bulk/types";
import { startLiveKit, type LiveKitServer } from "../support/livekit";
import { joinParticipant, type TestParticipant } from "../support/participant";
import { PORTS, REDIS_DBS } from "../support/ports";
import { sdk, uniqueRoom } from "../support/sdk";

const project = "default";
const wsUrl = `ws://127.0.0.1:${PORTS.integration}`;
const lk = sdk();
const savedEnv = { ...process.env };
let people: TestParticipant[] = [];

afterEach(async () => {
  await Promise.all(people.map((p) => p.leave().catch(() => undefined)));
  people = [];
  for (const k of [
    "ATTENTION_NO_PUBLISHER_SEC",
    "ATTENTION_MAX_AGE_SEC",
    "ATTENTION_GRACE_SEC",
    "BULK_CONFIRM_ABOVE",
    "LIVEKIT_URL",
  ]) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
});

async function attention() {
  const { body } = await apiGet<ActionResult<{ rooms: AttentionRoom[]; scanned: number }>>(
    `/api/p/${project}/attention`,
  );
  if (!body.ok) throw new Error(body.error.message);
  return body.data.rooms;
}
const reasonsOf = async (name: string) =>
  (await attention()).find((r) => r.name === name)?.reasons.map((r) => r.code) ?? [];

describe("needs attention", () => {
  it("flags an agent-only room, a room with no publisher for long, and a too-old room; not a healthy one", async () => {
    process.env.ATTENTION_NO_PUBLISHER_SEC = "1";
    process.env.ATTENTION_MAX_AGE_SEC = "3600";
    const healthy = uniqueRoom("healthy");
    const agentOnly = uniqueRoom("agent-only");
    const silent = uniqueRoom("silent");
    for (const name of [healthy, agentOnly, silent])
      await lk.createRoom({ name, emptyTimeout: 600 });
    people.push(await joinParticipant(wsUrl, healthy, "speaker", { publishAudio: true }));
    people.push(
      await joinParticipant(wsUrl, agentOnly, "voice-agent", { kind: "agent", publishAudio: true }),
    );
    people.push(await joinParticipant(wsUrl, silent, "lurker"));

    // Until the silent room has been without a publisher for its 1 s limit, and a scan (every
    // 5 s, shared by all tabs) has read who is in the agent's room.
    const byName = await vi.waitFor(
      async () => {
        const found = new Map((await attention()).map((r) => [r.name, r]));
        expect(found.get(silent)?.reasons.map((r) => r.code)).toEqual(["no_publisher"]);
        expect(found.get(agentOnly)?.reasons.map((r) => r.code)).toEqual(["only_non_human"]);
        return found;
      },
      { timeout: 15_000, interval: 250 },
    );
    expect(byName.has(healthy)).toBe(false);
    const agentRoom = byName.get(agentOnly)!;
    expect(agentRoom.reasons.map((r) => reasonText(r, agentRoom, Date.now()))).toEqual([
      "Only non-human participants left (1 agent). They keep the room open.",
    ]);
    const silentRoom = byName.get(silent)!;
    expect(silentRoom.reasons.map((r) => r.code)).toEqual(["no_publisher"]);
    expect(reasonText(silentRoom.reasons[0]!, silentRoom, Date.now())).toMatch(
      /^No one has published for \d+ s \(limit 1 s\)\.$/,
    );

    process.env.ATTENTION_MAX_AGE_SEC = "1";
    expect(await reasonsOf(healthy)).toEqual(["too_old"]);

    // Deleted here, it leaves the list with the project's rooms, read again at once: not at
    // the next scan of participant lists (every 5 s, and stretched while a scan is slow).
    const job = await startBulkDelete({ project, rooms: [agentOnly] });
    expect(job.ok).toBe(true);
    expect((await waitForJob(job.ok ? job.data.id : "")).counts.deleted).toBe(1);
    await vi.waitFor(
      async () => expect((await attention()).map((r) => r.name)).not.toContain(agentOnly),
      { timeout: 1_500, interval: 100 },
    );
    expect((await attention()).map((r) => r.name)).toContain(silent);
  });

  describe("with a node that died (two servers sharing one Redis)", () => {
    let a: LiveKitServer;
    let b: LiveKitServer;
    const REDIS_DB = REDIS_DBS.attention;
    const flush = () => {
      try {
        execFileSync("redis-cli", ["-n", String(REDIS_DB), "flushdb"], { stdio: "ignore" });
      } catch {
        /* without redis-cli, unique room names keep runs apart */
      }
    };
    beforeAll(async () => {
      flush();
      a = await startLiveKit({ port: PORTS.integrationNodeA, redisDb: REDIS_DB });
    });
    afterAll(async () => {
      await a?.stop();
      await b?.stop();
      flush();
    });

    it("an empty room past its empty timeout is flagged, and a delete that fails marks it a ghost", async () => {
      const name = uniqueRoom("orphan");
      // Only node A runs yet, so the room lives on A; then B joins and A dies.
      const createdAt = Date.now();
      // Long enough that A cannot close it before it dies.
      await sdk(PORTS.integrationNodeA).createRoom({ name, emptyTimeout: 5 });
      b = await startLiveKit({ port: PORTS.integrationNodeB, redisDb: REDIS_DB });
      await a.crash();
      process.env.LIVEKIT_URL = b.wsUrl;
      process.env.ATTENTION_GRACE_SEC = "0";
      // Until its 5 s empty timeout has passed (A, which would have closed it, is gone).
      const room = await vi.waitFor(
        async () => {
          const [found] = (await attention()).filter((r) => r.name === name);
          expect(found?.reasons.map((r) => r.code)).toEqual(["empty_past_timeout"]);
          return found!;
        },
        { timeout: 15_000, interval: 250 },
      );
      expect(Date.now() - createdAt).toBeGreaterThanOrEqual(5_000);
      expect(reasonText(room.reasons[0]!, room, Date.now())).toMatch(
        /past its empty timeout \(5 s\)\. LiveKit should have closed it\.$/,
      );

      const job = await startBulkDelete({ project, rooms: [name] });
      expect(job.ok).toBe(true);
      const view = await waitForJob(job.ok ? job.data.id : "");
      expect(view.counts.ghost).toBe(1);
      expect(view.counts.deleted).toBe(0);
      expect(view.problems[0]).toMatchObject({ name, status: "ghost" });
      // The ghost mark shows at once; the scan (every 5 s) keeps its confirmed "empty".
      await vi.waitFor(
        async () => expect(await reasonsOf(name)).toEqual(["ghost", "empty_past_timeout"]),
        { timeout: 12_000, interval: 250 },
      );
    }, 60_000);
  });
});

async function waitForJob(id: string, onProgress?: (v: BulkJobView) => void): Promise<BulkJobView> {
  for (let i = 0; i < 600; i++) {
    const { body } = await apiGet<ActionResult<BulkJobView>>(`/api/p/${project}/jobs/${id}`);
    if (!body.ok) throw new Error(body.error.message);
    onProgress?.(body.data);
    if (!body.data.running) return body.data;
    await sleep(100);
  }
  throw new Error("bulk delete did not finish");
}

describe("bulk delete", () => {
  it("200 rooms, some with real participants: the preview's totals are right, all are gone, progress reaches 100 %", async () => {
    process.env.BULK_CONFIRM_ABOVE = "10";
    const prefix = uniqueRoom("bulk");
    const names = Array.from({ length: 200 }, (_, i) => `${prefix}-${String(i).padStart(3, "0")}`);
    for (let i = 0; i < names.length; i += 25)
      await Promise.all(names.slice(i, i + 25).map((name) => lk.createRoom({ name })));
    for (const i of [3, 50, 120])
      people.push(await joinParticipant(wsUrl, names[i]!, `guest-${i}`));
    people.push(await joinParticipant(wsUrl, names[50]!, "guest-50b"));

    // The preview reads the project's room snapshot: within a refresh it counts the 4 guests.
    await vi.waitFor(
      async () =>
        expect(await previewBulkDelete({ project, rooms: names })).toEqual({
          ok: true,
          data: { rooms: 200, participants: 4, recording: [], missing: [], confirmAbove: 10 },
        }),
      { timeout: 10_000, interval: 250 },
    );

    // Above the threshold the typed phrase is required, and nothing starts without it.
    expect(
      await startBulkDelete({ project, rooms: names, typed: "delete 20 rooms" }),
    ).toMatchObject({
      ok: false,
      error: { code: "invalid_input", fieldErrors: { typed: ['Type "delete 200 rooms" exactly'] } },
    });
    expect(await lk.listRooms([names[0]!])).toHaveLength(1);

    // Someone else closes one room between the preview and the start.
    await lk.deleteRoom(names[7]!);
    const started = await startBulkDelete({ project, rooms: names, typed: "delete 200 rooms" });
    expect(started.ok).toBe(true);
    const seen: number[] = [];
    const done = await waitForJob(started.ok ? started.data.id : "", (v) => seen.push(v.done));
    expect(done).toMatchObject({ total: 200, done: 200, running: false, disconnected: 4 });
    expect(done.counts).toMatchObject({
      deleted: 199,
      already_closed: 1,
      failed: 0,
      ghost: 0,
      cancelled: 0,
    });
    expect(done.problems).toEqual([{ name: names[7], status: "already_closed", disconnected: 0 }]);
    expect(seen.at(-1)).toBe(200);
    expect(await lk.listRooms(names)).toEqual([]);
    // The job's own record ends with what happened; each room has its own record.
    const { audit } = await database();
    const [jobRow] = await audit.query({ project, action: "bulk.delete", limit: 1 });
    expect(jobRow).toMatchObject({ outcome: "ok", disconnected: 4, target: "200 rooms" });
    const rows = (await audit.query({ project, action: "room.delete", limit: 1000 })).filter((r) =>
      names.includes(r.target),
    );
    expect(rows).toHaveLength(200);
    expect(rows.filter((r) => r.outcome === "ok")).toHaveLength(200);
    expect(rows.find((r) => r.target === names[7])).toMatchObject({ errorCode: "already_closed" });
  }, 120_000);

  it("cancel stops what has not started; nothing is claimed deleted that still exists", async () => {
    const prefix = uniqueRoom("cancel");
    const names = Array.from({ length: 150 }, (_, i) => `${prefix}-${i}`);
    for (let i = 0; i < names.length; i += 25)
      await Promise.all(names.slice(i, i + 25).map((name) => lk.createRoom({ name })));
    process.env.BULK_CONFIRM_ABOVE = "1000";
    const started = await startBulkDelete({ project, rooms: names });
    if (!started.ok) throw new Error(started.error.message);
    const cancelled = await cancelBulkDelete({ project, jobId: started.data.id });
    expect(cancelled.ok).toBe(true);
    const v = await waitForJob(started.data.id);
    expect(v.cancelled).toBe(true);
    expect(v.counts.cancelled).toBeGreaterThan(0);
    const left = new Set((await lk.listRooms(names)).map((r) => r.name));
    expect(left.size).toBe(v.counts.cancelled);
    for (const p of v.problems.filter((x) => x.status === "cancelled"))
      expect(left.has(p.name)).toBe(true);
    const [jobRow] = await (
      await database()
    ).audit.query({ project, action: "bulk.delete", limit: 1 });
    expect(jobRow).toMatchObject({
      outcome: "failed",
      errorCode: "cancelled",
      target: "150 rooms",
    });
    await Promise.all([...left].map((n) => lk.deleteRoom(n)));
  }, 60_000);
});
