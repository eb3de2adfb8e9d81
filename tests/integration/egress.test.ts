import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { EgressClient, EncodedFileOutput, RoomServiceClient } from "livekit-server-sdk";
import { POST } from "@/app/api/webhooks/[project]/route";
import { cancelEgressStart, startEgress, stopEgress } from "@/app/p/[project]/recordings/actions";
import { database } from "@/lib/db";
import { signSession } from "@/lib/auth/token";
import { sessionAudience } from "@/lib/auth/session";
import { recomputesPending } from "@/lib/history";
import { apiUrl } from "@/lib/procedures/routes";
import type { ActionResult } from "@/lib/procedures/result";
import type { EgressList, StartState } from "@/lib/egress/types";
import type { SessionDetail } from "@/lib/history/view";
import type { StuckEgress } from "@/lib/egress/stuck";
import { writeAccessFile } from "../support/access-fixture";
import { apiGet } from "../support/api";
import {
  EgressStatus,
  S3_SECRET,
  STREAM_KEY,
  egressInfo,
  signedEgressWebhook,
} from "../support/egress-webhooks";
import { startLiveKit, type LiveKitServer } from "../support/livekit";
import { PORTS, REDIS_DBS } from "../support/ports";
import { setSessionToken } from "../support/session-cookie";
import { uniqueRoom } from "../support/sdk";
import { SESSION_SECRET } from "./env";

/**
 * Recordings against a real livekit-server with Redis and no egress worker (none can be
 * installed here): what LiveKit answers, how long it takes, and egress webhooks in LiveKit's
 * own format (signed with the project's key) standing in for a worker's reports.
 */
let withRedis: LiveKitServer;
let sdk: EgressClient;
let rooms: RoomServiceClient;
const saved = { ...process.env };
const key = new TextEncoder().encode(SESSION_SECRET);
const as = async (username: string) =>
  setSessionToken(await signSession(username, key, { audience: await sessionAudience() }));

beforeAll(async () => {
  const r = new Redis({ db: REDIS_DBS.media, lazyConnect: true });
  await r.connect();
  await r.flushdb();
  r.disconnect();
  withRedis = await startLiveKit({ port: PORTS.integrationEgress, redisDb: REDIS_DBS.media });
  sdk = new EgressClient(withRedis.url, "devkey", "secret", { requestTimeout: 60 });
  rooms = new RoomServiceClient(withRedis.url, "devkey", "secret");
  // "main": LiveKit with Redis; "second": the suite's LiveKit without it.
  process.env.LIVEKIT_ADMIN_CONFIG = await writeAccessFile(
    { main: withRedis.wsUrl, second: `ws://127.0.0.1:${PORTS.integration}` },
    "devkey",
  );
  process.env.MAIN_LIVEKIT_SECRET = "secret";
  process.env.SECOND_LIVEKIT_SECRET = "secret";
  process.env.ATTENTION_GRACE_SEC = "0";
}, 150_000);

afterAll(async () => {
  process.env = saved;
  await withRedis?.stop();
});

const list = async (project = "main", room?: string) =>
  (await apiGet<ActionResult<EgressList>>(apiUrl(project, "listEgress", { query: { room } }))).body;

const startState = async (startId: number) =>
  (
    await apiGet<ActionResult<StartState>>(
      apiUrl("main", "readEgressStart", { params: { startId: String(startId) } }),
    )
  ).body;

const fileForm = (room: string) => ({
  project: "main",
  room,
  kind: "room_composite" as const,
  audioOnly: true,
  output: "file" as const,
  filepath: "recordings/{room_name}-{time}.ogg",
});

async function deliver(body: string, authorization: string, project = "main") {
  const res = await POST(
    new Request(`http://127.0.0.1/api/webhooks/${project}`, {
      method: "POST",
      headers: { "Content-Type": "application/webhook+json", Authorization: authorization },
      body,
    }),
    { params: Promise.resolve({ project }) },
  );
  expect(res.status).toBe(200);
}

/** The SDK's error of a call that must fail. */
const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected LiveKit to refuse");
    },
    (e: unknown) => e as Error & { status: number },
  );

async function settled() {
  while (recomputesPending() > 0) await new Promise((r) => setTimeout(r, 50));
}

describe("LiveKit with Redis and no egress worker", () => {
  it("ListEgress is empty, through the SDK and the console", async () => {
    expect(await sdk.listEgress({})).toEqual([]);
    const r = await list();
    expect(r).toMatchObject({ ok: true, data: { egress: [], listProblem: null } });
  });

  it("StopEgress on an unknown id: 404 'egress does not exist' after ~3 s; the console says so plainly at once", async () => {
    const t0 = Date.now();
    const err = await failure(sdk.stopEgress("EG_unknown0001"));
    const sdkMs = Date.now() - t0;
    expect(err).toMatchObject({ status: 404 });
    expect(err.message).toMatch(/egress does not exist/);
    const t1 = Date.now();
    const r = await stopEgress({ project: "main", egressId: "EG_unknown0002" });
    const consoleMs = Date.now() - t1;
    console.info(`StopEgress unknown id: SDK ${sdkMs} ms, console ${consoleMs} ms`);
    expect(sdkMs).toBeGreaterThan(1_000);
    expect(sdkMs).toBeLessThan(10_000);
    // The console asks LiveKit's list first, which refuses an unknown id at once.
    expect(consoleMs).toBeLessThan(1_500);
    expect(r).toMatchObject({ ok: false, error: { code: "not_found" } });
    if (!r.ok)
      expect(r.error.message).toMatch(/has no egress EG_unknown0002.*Nothing is left to stop/);
  }, 30_000);

  it("StartRoomCompositeEgress: 503 'no response from servers' after ~22 s; the console answers at once, then says so", async () => {
    const room = uniqueRoom("rec");
    await rooms.createRoom({ name: room });
    const t0 = Date.now();
    const started = await startEgress(fileForm(room));
    const answeredMs = Date.now() - t0;
    expect(started).toMatchObject({ ok: true, data: { state: "pending" } });
    expect(answeredMs).toBeLessThan(5_000);
    if (!started.ok || started.data.state !== "pending") return;
    let state: StartState | undefined;
    while (Date.now() - t0 < 40_000) {
      const s = await startState(started.data.startId);
      if (s.ok && s.data.state !== "pending") {
        state = s.data;
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const failedMs = Date.now() - t0;
    console.info(
      `Start with no worker: console answered in ${answeredMs} ms, outcome after ${failedMs} ms`,
    );
    expect(state).toMatchObject({ state: "failed" });
    if (state?.state === "failed") expect(state.message).toMatch(/^No egress service answered/);
    expect(failedMs).toBeGreaterThan(15_000);
    expect(failedMs).toBeLessThan(32_000);
    // The trail: one row, closed with the reason's code, no stream key.
    const { audit } = await database();
    const rows = await audit.query({ project: "main", action: "egress.start", limit: 5 });
    expect(rows.find((r) => r.id === started.data.startId)).toMatchObject({
      outcome: "failed",
      errorCode: "no_egress_service",
    });
  }, 60_000);

  it("the SDK itself: the 503 comes after ~22 s (longer than its default 10 s timeout)", async () => {
    const room = uniqueRoom("rec-sdk");
    await rooms.createRoom({ name: room });
    const t0 = Date.now();
    const err = await failure(
      sdk.startRoomCompositeEgress(room, new EncodedFileOutput({ filepath: "x.ogg" }), {
        audioOnly: true,
      }),
    );
    const ms = Date.now() - t0;
    console.info(`SDK StartRoomCompositeEgress with no worker: ${err.message} after ${ms} ms`);
    expect(err).toMatchObject({ status: 503 });
    expect(err.message).toMatch(/no response from servers/);
    expect(ms).toBeGreaterThan(15_000);
  }, 60_000);

  it("a cancel answers at once; a start still pending is then reported cancelled", async () => {
    const room = uniqueRoom("rec-cancel");
    await rooms.createRoom({ name: room });
    const started = await startEgress(fileForm(room));
    expect(started).toMatchObject({ ok: true, data: { state: "pending" } });
    if (!started.ok) return;
    const t0 = Date.now();
    const cancelled = await cancelEgressStart({ project: "main", startId: started.data.startId });
    expect(Date.now() - t0).toBeLessThan(3_000);
    expect(cancelled).toMatchObject({ ok: true, data: { state: "cancelled" } });
    // Another operator cannot cancel someone else's start; a viewer cannot cancel at all.
    await as("oscar");
    const other = await cancelEgressStart({ project: "main", startId: started.data.startId });
    expect(other).toMatchObject({ ok: false, error: { code: "forbidden" } });
    if (!other.ok) expect(other.error.message).toMatch(/who sent this start, or an admin/);
    await as("vera");
    expect(
      await cancelEgressStart({ project: "main", startId: started.data.startId }),
    ).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
  }, 30_000);
});

describe("a start and its cancel decide the outcome once (the start's row, compare-and-set)", () => {
  const row = async (id: number) =>
    (
      await (await database()).audit.query({ project: "main", action: "egress.start", limit: 50 })
    ).find((r) => r.id === id);
  const sent = async (name: string) => {
    const room = uniqueRoom(name);
    await rooms.createRoom({ name: room });
    const r = await startEgress(fileForm(room));
    expect(r).toMatchObject({ ok: true, data: { state: "pending" } });
    if (!r.ok) throw new Error("start refused");
    return r.data.startId;
  };

  it("a cancel first: LiveKit's later answer does not overwrite it; a refused cancel decides nothing; a late cancel changes nothing", async () => {
    const [cancelledId, keptId] = await Promise.all([sent("rec-cas-a"), sent("rec-cas-b")]);
    // A colleague's cancel is refused before it touches the start: it stays pending.
    await as("oscar");
    expect(await cancelEgressStart({ project: "main", startId: keptId })).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    expect(await row(keptId)).toMatchObject({ outcome: "pending" });
    // The sender (root, the admin) cancels the other: its row is decided at once.
    await as("root");
    expect(await cancelEgressStart({ project: "main", startId: cancelledId })).toMatchObject({
      ok: true,
      data: { state: "cancelled" },
    });
    expect(await row(cancelledId)).toMatchObject({ outcome: "failed", errorCode: "cancelled" });
    // LiveKit answers both starts with its 503 (~22 s, no egress worker).
    const t0 = Date.now();
    while ((await row(keptId))?.outcome === "pending" && Date.now() - t0 < 40_000)
      await new Promise((r) => setTimeout(r, 250));
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await row(keptId)).toMatchObject({ outcome: "failed", errorCode: "no_egress_service" });
    // The cancel came first and stays the answer: the background start lost the decision.
    expect(await row(cancelledId)).toMatchObject({ outcome: "failed", errorCode: "cancelled" });
    expect(await startState(cancelledId)).toMatchObject({ ok: true, data: { state: "cancelled" } });
    // A cancel after LiveKit answered says how the start ended and changes nothing.
    const late = await cancelEgressStart({ project: "main", startId: keptId });
    expect(late).toMatchObject({ ok: true, data: { state: "failed" } });
    expect(await row(keptId)).toMatchObject({ outcome: "failed", errorCode: "no_egress_service" });
  }, 60_000);
});

describe("LiveKit without Redis", () => {
  it("the SDK: a start there is answered like a missing worker (503 after ~24 s), the list at once", async () => {
    const url = `http://127.0.0.1:${PORTS.integration}`;
    const bare = new EgressClient(url, "devkey", "secret", { requestTimeout: 60 });
    const room = uniqueRoom("nr-sdk");
    await new RoomServiceClient(url, "devkey", "secret").createRoom({ name: room });
    const t0 = Date.now();
    const listed = await failure(bare.listEgress({}));
    const listMs = Date.now() - t0;
    expect(listed.message).toMatch(/egress not connected \(redis required\)/);
    const t1 = Date.now();
    const started = await failure(
      bare.startRoomCompositeEgress(room, new EncodedFileOutput({ filepath: "x.ogg" }), {
        audioOnly: true,
      }),
    );
    const startMs = Date.now() - t1;
    console.info(
      `No Redis: ListEgress refused in ${listMs} ms; StartRoomCompositeEgress ${started.status} "${started.message}" after ${startMs} ms`,
    );
    expect(listMs).toBeLessThan(2_000);
    expect(started).toMatchObject({ status: 503 });
    expect(startMs).toBeGreaterThan(15_000);
  }, 60_000);

  it("says egress is not connected and what to add, at once", async () => {
    const t0 = Date.now();
    const room = uniqueRoom("nr");
    await new RoomServiceClient(
      `http://127.0.0.1:${PORTS.integration}`,
      "devkey",
      "secret",
    ).createRoom({
      name: room,
    });
    const r = await startEgress({ ...fileForm(room), project: "second" });
    const ms = Date.now() - t0;
    console.info(`Start without Redis: ${ms} ms`);
    expect(r).toMatchObject({ ok: false, error: { code: "config" } });
    if (!r.ok)
      expect(r.error.message).toMatch(/Egress not connected.*has no Redis.*livekit\/egress/);
    const l = await list("second");
    expect(l.ok && l.data.listProblem).toMatch(/egress not connected \(redis required\)/);
  });
});

describe("egress webhooks in LiveKit's format", () => {
  it("drive the list's live status, the timeline and the stuck reason; no key is stored or shown", async () => {
    const room = uniqueRoom("gone");
    const roomSid = `RM_${room.replace(/[^A-Za-z0-9]/g, "").slice(-12)}`;
    const egressId = `EG_${roomSid.slice(3)}`;
    const startedAtMs = Date.now() - 120_000;
    const base = { egressId, room, roomSid, startedAtMs };
    const s = await signedEgressWebhook(
      "egress_started",
      egressInfo({ ...base, status: EgressStatus.EGRESS_ACTIVE }),
    );
    await deliver(s.body, s.authorization);
    await settled();

    const r = await list("main", room);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [e] = r.data.egress;
    expect(e).toMatchObject({
      id: egressId,
      status: "active",
      active: true,
      kind: "room_composite",
      source: "webhook",
      streams: [{ url: "rtmp://live.example.com/app/••••" }],
    });
    const answer = JSON.stringify(r);
    expect(answer).not.toContain(STREAM_KEY);
    expect(answer).not.toContain(S3_SECRET);

    // Stored without the key or the storage secret.
    const { history } = await database();
    const stored = JSON.stringify(await history.events("main", roomSid, 50));
    expect(stored).toContain(egressId);
    expect(stored).not.toContain(STREAM_KEY);
    expect(stored).not.toContain(S3_SECRET);

    // Active for a room LiveKit does not list: Needs attention says so.
    const att = await apiGet<ActionResult<{ egress: StuckEgress[] }>>(
      apiUrl("main", "listAttention"),
    );
    expect(att.body.ok).toBe(true);
    const stuck = att.body.ok
      ? att.body.data.egress.find((x) => x.egress.id === egressId)
      : undefined;
    expect(stuck?.reasons.map((x) => x.code)).toEqual(["egress_room_gone"]);

    // A stop LiveKit cannot deliver (it never heard of this egress) adds its reason.
    const stop = await stopEgress({ project: "main", egressId });
    expect(stop).toMatchObject({ ok: false, error: { code: "not_found" } });
    await new Promise((r) => setTimeout(r, 5_100)); // the attention memo's TTL
    const att2 = await apiGet<ActionResult<{ egress: StuckEgress[] }>>(
      apiUrl("main", "listAttention"),
    );
    const stuck2 = att2.body.ok
      ? att2.body.data.egress.find((x) => x.egress.id === egressId)
      : undefined;
    expect(stuck2?.reasons.map((x) => x.code)).toEqual(["egress_room_gone", "egress_stop_failed"]);

    // It ends with a file: the list and the session's timeline show the result.
    const endedAtMs = startedAtMs + 95_000;
    const end = await signedEgressWebhook(
      "egress_ended",
      egressInfo({
        ...base,
        status: EgressStatus.EGRESS_COMPLETE,
        updatedAtMs: endedAtMs,
        endedAtMs,
        file: {
          filename: `recordings/${room}.mp4`,
          size: 3_500_000,
          durationSec: 95,
          location: `https://rec.s3.amazonaws.com/recordings/${room}.mp4?X-Amz-Signature=abc`,
        },
      }),
    );
    await deliver(end.body, end.authorization);
    await settled();
    const after = await list("main", room);
    expect(after.ok && after.data.egress[0]).toMatchObject({
      status: "complete",
      active: false,
      durationSec: 95,
      files: [
        {
          filename: `recordings/${room}.mp4`,
          sizeBytes: 3_500_000,
          durationSec: 95,
          location: `https://rec.s3.amazonaws.com/recordings/${room}.mp4`,
        },
      ],
    });
    const detail = await apiGet<ActionResult<SessionDetail>>(
      apiUrl("main", "readSession", { params: { sid: roomSid } }),
    );
    expect(detail.body.ok).toBe(true);
    if (!detail.body.ok) return;
    const lines = detail.body.data.timeline.filter((t) => t.kind === "egress");
    expect(lines.map((t) => t.text)).toEqual(["Room recording started", "Room recording ended"]);
    expect(lines[1]!.detail).toContain(`recordings/${room}.mp4 (3.3 MB, 1 min 35 s`);
    expect(JSON.stringify(detail.body)).not.toContain(STREAM_KEY);
  }, 60_000);

  it("an active egress with no status change while its room is empty is flagged after ATTENTION_EGRESS_QUIET_SEC", async () => {
    const room = uniqueRoom("quiet");
    const made = await rooms.createRoom({ name: room, emptyTimeout: 600 });
    process.env.ATTENTION_EGRESS_QUIET_SEC = "60";
    try {
      const s = await signedEgressWebhook(
        "egress_updated",
        egressInfo({
          egressId: `EG_q${made.sid.slice(3, 14)}`,
          room,
          roomSid: made.sid,
          status: EgressStatus.EGRESS_ACTIVE,
          startedAtMs: Date.now() - 5 * 60_000,
        }),
      );
      await deliver(s.body, s.authorization);
      await settled();
      let codes: string[] = [];
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        const att = await apiGet<ActionResult<{ egress: StuckEgress[] }>>(
          apiUrl("main", "listAttention"),
        );
        const hit = att.body.ok
          ? att.body.data.egress.find((x) => x.egress.room === room)
          : undefined;
        codes = hit?.reasons.map((x) => x.code) ?? [];
        // The room list is a shared snapshot: until it holds the new room, the room looks gone.
        if (codes.includes("egress_quiet_empty")) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(codes).toEqual(["egress_quiet_empty"]);
    } finally {
      delete process.env.ATTENTION_EGRESS_QUIET_SEC;
    }
  }, 30_000);
});
