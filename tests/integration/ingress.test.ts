import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import {
  AccessToken,
  AudioCodec,
  IngressAudioEncodingOptions,
  IngressAudioOptions,
  IngressClient,
  IngressInput,
  IngressState,
  IngressVideoEncodingOptions,
  IngressVideoOptions,
  TrackSource,
  VideoCodec,
  WebhookEvent,
  type IngressInfo,
} from "livekit-server-sdk";
import {
  createIngress,
  deleteIngress,
  revealIngress,
  updateIngress,
} from "@/app/p/[project]/streams/actions";
import { POST } from "@/app/api/webhooks/[project]/route";
import { database } from "@/lib/db";
import { recomputesPending } from "@/lib/history";
import { signSession } from "@/lib/auth/token";
import { sessionAudience } from "@/lib/auth/session";
import { apiUrl } from "@/lib/procedures/routes";
import type { ActionResult } from "@/lib/procedures/result";
import type { IngressList } from "@/lib/ingress/types";
import type { SessionDetail } from "@/lib/history/view";
import { writeAccessFile } from "../support/access-fixture";
import { apiGet } from "../support/api";
import { startLiveKit, type LiveKitServer } from "../support/livekit";
import { PORTS, REDIS_DBS } from "../support/ports";
import { setSessionToken } from "../support/session-cookie";
import { SESSION_SECRET } from "./env";

// LiveKit keeps stream inputs in Redis; no ingress worker can run here (see docs/streams.md).
const REDIS_DB = REDIS_DBS.media;
const INGRESS_URLS = {
  rtmpBaseUrl: "rtmp://127.0.0.1:1935/live",
  whipBaseUrl: "http://127.0.0.1:8085/w",
};

let lk: LiveKitServer;
let sdk: IngressClient;
let redis: Redis;
const saved = { ...process.env };
const key = new TextEncoder().encode(SESSION_SECRET);
const as = async (username: string) =>
  setSessionToken(await signSession(username, key, { audience: await sessionAudience() }));

beforeAll(async () => {
  redis = new Redis({ db: REDIS_DB, lazyConnect: true });
  await redis.connect();
  await redis.flushdb();
  lk = await startLiveKit({
    port: PORTS.integrationIngress,
    redisDb: REDIS_DB,
    ingress: INGRESS_URLS,
  });
  sdk = new IngressClient(lk.url, "devkey", "secret");
  // "main": LiveKit with Redis and ingress URLs; "second": the suite's LiveKit, without Redis.
  process.env.LIVEKIT_ADMIN_CONFIG = await writeAccessFile(
    { main: lk.wsUrl, second: `ws://127.0.0.1:${PORTS.integration}` },
    "devkey",
  );
  process.env.MAIN_LIVEKIT_SECRET = "secret";
  process.env.SECOND_LIVEKIT_SECRET = "secret";
});

afterAll(async () => {
  process.env = saved;
  redis?.disconnect();
  await lk?.stop();
});

const rtmp = (over: Record<string, unknown> = {}) => ({
  project: "main",
  inputType: "rtmp" as const,
  name: "Stage camera",
  room: "stage",
  identity: "stage-cam",
  participantName: "Stage camera",
  ...over,
});

const list = async (project = "main", room?: string) =>
  (await apiGet<ActionResult<IngressList>>(apiUrl(project, "listIngress", { query: { room } })))
    .body;

/** The stored info, as LiveKit's own client reads it. */
const stored = async (id: string) => (await sdk.listIngress({ ingressId: id }))[0];

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const out = await work();
  return [out, performance.now() - t0];
}

describe("stream inputs through the procedures, checked with LiveKit's IngressClient", () => {
  it("RTMP: create, list (no key), reveal (the key LiveKit holds), edit, delete", async () => {
    await as("oscar");
    const created = await createIngress(rtmp({ videoPreset: "h264_540p_25fps_2_layers" }));
    expect(created).toMatchObject({ ok: true, data: { inputType: "rtmp", room: "stage" } });
    if (!created.ok) return;
    const id = created.data.id;
    const info = (await stored(id))!;
    expect(info).toMatchObject({
      name: "Stage camera",
      roomName: "stage",
      participantIdentity: "stage-cam",
      participantName: "Stage camera",
      url: INGRESS_URLS.rtmpBaseUrl,
      enableTranscoding: true,
    });
    expect(info.video?.encodingOptions).toEqual({ case: "preset", value: 2 });
    expect(info.streamKey).toMatch(/^\w{8,}$/);
    // Neither the create answer nor the list carries the URL or the key.
    const listed = await list();
    for (const answer of [created, listed]) {
      expect(JSON.stringify(answer)).not.toContain(info.streamKey);
      expect(JSON.stringify(answer)).not.toContain("rtmp://");
    }
    expect(listed.ok && listed.data.ingresses.find((i) => i.id === id)).toMatchObject({
      state: { status: "inactive", error: "" },
      transcoding: true,
      videoPreset: "h264_540p_25fps_2_layers",
      urlMissing: false,
    });

    const revealed = await revealIngress({ project: "main", id });
    expect(revealed).toEqual({
      ok: true,
      data: {
        id,
        name: "Stage camera",
        inputType: "rtmp",
        url: INGRESS_URLS.rtmpBaseUrl,
        streamKey: info.streamKey,
        fullUrl: `${INGRESS_URLS.rtmpBaseUrl}/${info.streamKey}`,
        urlMissing: false,
      },
    });

    const edited = await updateIngress({
      project: "main",
      id,
      name: "Stage left",
      room: "stage-2",
      identity: "left-cam",
      participantName: "Left",
      transcoding: true,
      audioPreset: "opus_mono_64kbs",
      videoPreset: "",
    });
    expect(edited).toMatchObject({ ok: true, data: { name: "Stage left", room: "stage-2" } });
    const after = (await stored(id))!;
    expect(after).toMatchObject({
      name: "Stage left",
      roomName: "stage-2",
      participantIdentity: "left-cam",
      participantName: "Left",
      streamKey: info.streamKey,
    });
    expect(after.audio?.encodingOptions).toEqual({ case: "preset", value: 1 });
    // "LiveKit's default" clears the preset the input had.
    expect(after.video?.encodingOptions.case).toBeUndefined();
    expect((await list("main", "stage-2")).ok && (await list("main", "stage-2"))).toMatchObject({
      data: { ingresses: [{ id }] },
    });

    expect(await deleteIngress({ project: "main", id })).toMatchObject({
      ok: true,
      data: { alreadyGone: false },
    });
    expect(await sdk.listIngress({ roomName: "stage-2" })).toEqual([]);
    // Deleted already (by someone else): done, not an error.
    expect(await deleteIngress({ project: "main", id })).toMatchObject({
      ok: true,
      data: { alreadyGone: true },
    });
    expect(await revealIngress({ project: "main", id })).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
  });

  it("an edit keeps what the form cannot show: a screen share's sources and custom encoding options made with the SDK", async () => {
    const made = await sdk.createIngress(IngressInput.RTMP_INPUT, {
      name: "Slides",
      roomName: "talk",
      participantIdentity: "slides",
      participantName: "Slides",
      enableTranscoding: true,
      audio: new IngressAudioOptions({
        source: TrackSource.SCREEN_SHARE_AUDIO,
        encodingOptions: {
          case: "options",
          value: new IngressAudioEncodingOptions({
            audioCodec: AudioCodec.OPUS,
            bitrate: 96_000,
            channels: 2,
          }),
        },
      }),
      video: new IngressVideoOptions({
        source: TrackSource.SCREEN_SHARE,
        encodingOptions: {
          case: "options",
          value: new IngressVideoEncodingOptions({
            videoCodec: VideoCodec.H264_BASELINE,
            frameRate: 15,
          }),
        },
      }),
    });
    const before = (await stored(made.ingressId))!;
    // The edit form as the page fills it from the list: no preset shown for custom options.
    const listed = await list("main", "talk");
    const row = listed.ok ? listed.data.ingresses[0] : undefined;
    expect(row).toMatchObject({ id: made.ingressId, audioPreset: "", videoPreset: "" });
    const {
      id: _id,
      room,
      identity,
      participantName,
      transcoding,
      audioPreset,
      videoPreset,
    } = row!;
    const form = { project: "main", id: made.ingressId, room, identity, participantName };
    await as("oscar");
    const renamed = await updateIngress({
      ...form,
      name: "Slides (main hall)",
      transcoding,
      audioPreset,
      videoPreset,
    });
    expect(renamed).toMatchObject({ ok: true, data: { name: "Slides (main hall)" } });
    const after = (await stored(made.ingressId))!;
    expect(after.name).toBe("Slides (main hall)");
    expect(after.audio?.source).toBe(TrackSource.SCREEN_SHARE_AUDIO);
    expect(after.video?.source).toBe(TrackSource.SCREEN_SHARE);
    expect(after.audio?.encodingOptions).toEqual(before.audio?.encodingOptions);
    expect(after.video?.encodingOptions).toEqual(before.video?.encodingOptions);
    expect(after.video?.encodingOptions).toMatchObject({
      case: "options",
      value: { frameRate: 15 },
    });
    // A preset picked in the form replaces the custom options; the source stays a screen share.
    await updateIngress({
      ...form,
      name: "Slides (main hall)",
      transcoding: true,
      audioPreset: "",
      videoPreset: "h264_540p_25fps_2_layers",
    });
    const preset = (await stored(made.ingressId))!;
    expect(preset.video).toMatchObject({
      source: TrackSource.SCREEN_SHARE,
      encodingOptions: { case: "preset", value: 2 },
    });
    expect(preset.audio?.encodingOptions).toEqual(before.audio?.encodingOptions);
    await sdk.deleteIngress(made.ingressId);
  });

  it("WHIP may forward without transcoding; RTMP may not (LiveKit's rule, on the field)", async () => {
    await as("oscar");
    const whip = await createIngress(
      rtmp({ inputType: "whip", transcoding: false, identity: "w" }),
    );
    expect(whip).toMatchObject({ ok: true, data: { inputType: "whip", transcoding: false } });
    if (!whip.ok) return;
    expect((await stored(whip.data.id))?.enableTranscoding).toBe(false);
    const secret = await revealIngress({ project: "main", id: whip.data.id });
    expect(secret.ok && secret.data.url).toBe(INGRESS_URLS.whipBaseUrl);
    const bad = await createIngress(rtmp({ transcoding: false, identity: "r" }));
    expect(bad).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(!bad.ok && bad.error.fieldErrors?.transcoding?.[0]).toMatch(/only for WHIP/);
    await deleteIngress({ project: "main", id: whip.data.id });
  });
});

describe("plain answers when a service is missing", () => {
  it("a URL pull with Redis but no ingress worker: 'no ingress service answered' after LiveKit's 3 s", async () => {
    await as("oscar");
    const [out, ms] = await timed(() =>
      createIngress(
        rtmp({ inputType: "url", url: "https://example.com/live.m3u8", identity: "u" }),
      ),
    );
    expect(out).toMatchObject({ ok: false, error: { code: "rejected" } });
    expect(!out.ok && out.error.message).toMatch(/No ingress service answered.*livekit\/ingress/);
    // Measured: LiveKit's psrpc waits 3.0 s for a worker; our client's limit (10 s) is above it.
    expect(ms).toBeGreaterThan(2_500);
    expect(ms).toBeLessThan(8_000);
    console.log(`URL pull without a worker answered in ${Math.round(ms)} ms`);
  });

  it("editing or deleting a live input with no worker to reach: done after LiveKit's 3 s wait", async () => {
    await as("oscar");
    const created = await createIngress(rtmp({ identity: "live" }));
    if (!created.ok) throw new Error(created.error.message);
    const id = created.data.id;
    // What livekit/ingress stores when a stream arrives (rpc UpdateIngressState): publishing.
    const now = BigInt(Date.now()) * 1_000_000n;
    const state = new IngressState({ status: 2, startedAt: now, updatedAt: now });
    await redis.set(`{ingress}_state:${id}`, Buffer.from(state.toBinary()));
    const shown = await list();
    expect(shown.ok && shown.data.ingresses.find((i) => i.id === id)?.state.status).toBe(
      "publishing",
    );
    const [edited, editMs] = await timed(() =>
      updateIngress({ ...rtmp({ identity: "live", name: "Renamed" }), id, transcoding: true }),
    );
    expect(edited).toMatchObject({ ok: true, data: { name: "Renamed" } });
    const [deleted, deleteMs] = await timed(() => deleteIngress({ project: "main", id }));
    expect(deleted).toMatchObject({ ok: true, data: { wasLive: true } });
    expect(await stored(id).catch(() => undefined)).toBeUndefined();
    console.log(
      `live input, no worker: update ${Math.round(editMs)} ms, delete ${Math.round(deleteMs)} ms`,
    );
    expect(editMs).toBeGreaterThan(2_500);
    expect(deleteMs).toBeLessThan(8_000);
  });

  it("LiveKit without Redis: every call says to add redis: and run livekit/ingress", async () => {
    await as("sam");
    const read = await list("second");
    expect(read).toMatchObject({ ok: false, error: { code: "config" } });
    expect(!read.ok && read.error.message).toMatch(/no Redis.*redis:.*livekit\/ingress/);
    const created = await createIngress(rtmp({ project: "second" }));
    expect(created).toMatchObject({ ok: false, error: { code: "config" } });
    // LiveKit answers these two with "Internal service panic"; the console asks why.
    for (const out of [
      await updateIngress({ ...rtmp({ project: "second" }), id: "IN_abc", transcoding: true }),
      await deleteIngress({ project: "second", id: "IN_abc" }),
    ]) {
      expect(out).toMatchObject({ ok: false, error: { code: "config" } });
      expect(!out.ok && out.error.message).toMatch(/no Redis/);
    }
  });
});

describe("roles and the audit trail", () => {
  it("a viewer lists without keys and can neither reveal nor change", async () => {
    await as("oscar");
    const created = await createIngress(rtmp({ identity: "viewer-check" }));
    if (!created.ok) throw new Error(created.error.message);
    const id = created.data.id;
    const { streamKey } = (await stored(id))!;
    await as("vera");
    const read = await list();
    expect(read.ok && read.data.ingresses.some((i) => i.id === id)).toBe(true);
    expect(JSON.stringify(read)).not.toContain(streamKey);
    for (const out of [
      await revealIngress({ project: "main", id }),
      await deleteIngress({ project: "main", id }),
      await createIngress(rtmp({ identity: "nope" })),
    ])
      expect(out).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await stored(id)).toBeDefined();
  });

  it("every change is an audit row, reveals too, and none holds a key or a source URL", async () => {
    await as("oscar");
    await createIngress(
      rtmp({ inputType: "url", url: "https://user:pw-Zq81@example.com/x.m3u8", identity: "src" }),
    );
    // Refused by the schema (transcoding off is for WHIP only): the row of a refusal keeps what
    // was sent, but never a URL's password or token.
    const refused = await createIngress(
      rtmp({
        inputType: "url",
        url: "https://cam:pw-Rf27@cam.example/live?token=tk-Qx5",
        transcoding: false,
        identity: "src2",
      }),
    );
    expect(refused).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    const { audit: store } = await database();
    const rows = (await store.query({ project: "main", limit: 500 })).filter((r) =>
      r.action.startsWith("ingress."),
    );
    expect(new Set(rows.map((r) => r.action))).toEqual(
      new Set(["ingress.create", "ingress.update", "ingress.delete", "ingress.reveal"]),
    );
    expect(rows.some((r) => r.outcome === "refused")).toBe(true);
    const keys = (await sdk.listIngress({})).map((i) => i.streamKey);
    const text = JSON.stringify(rows);
    for (const k of keys) expect(text).not.toContain(k);
    expect(text).not.toContain("pw-Zq81");
    expect(text).not.toContain("pw-Rf27");
    expect(text).not.toContain("tk-Qx5");
    expect(text).toContain("https://cam.example/live");
    expect(text).not.toContain("rtmp://");
  });
});

/** A webhook as LiveKit sends it: its WebhookEvent in protobuf JSON, signed with the key. */
async function deliver(event: WebhookEvent) {
  const body = event.toJsonString();
  const at = new AccessToken("devkey", "secret", { ttl: 300 });
  at.sha256 = createHash("sha256").update(body).digest("base64");
  const res = await POST(
    new Request("http://127.0.0.1/api/webhooks/main", {
      method: "POST",
      headers: { "Content-Type": "application/webhook+json", Authorization: await at.toJwt() },
      body,
    }),
    { params: Promise.resolve({ project: "main" }) },
  );
  expect(res.status).toBe(200);
}

/** LiveKit's WebhookEvent (its subclass in the SDK resets `event` after construction). */
function webhook(
  name: WebhookEvent["event"],
  fields: ConstructorParameters<typeof WebhookEvent>[0],
) {
  const e = new WebhookEvent(fields);
  e.event = name;
  return e;
}

const at = (offsetSec = 0) => BigInt(Math.floor(Date.now() / 1000) + offsetSec);

describe("ingress webhooks drive the state shown and the session's timeline", () => {
  it("started, then ended with an error: list and timeline say so; no key is stored", async () => {
    await as("oscar");
    const room = `webhook-stage-${Date.now()}`;
    const created = await createIngress(rtmp({ room, identity: "hook-cam", name: "Hooked" }));
    if (!created.ok) throw new Error(created.error.message);
    const info: IngressInfo = (await stored(created.data.id))!;
    const sid = `RM_hook${Date.now()}`;
    await deliver(
      webhook("room_started", { id: `EV_r${sid}`, createdAt: at(-2), room: { sid, name: room } }),
    );
    // As LiveKit sends it when livekit/ingress reports publishing (UpdateIngressState).
    info.state = new IngressState({ status: 2, startedAt: at(-1) * 1_000_000_000n });
    await deliver(
      webhook("ingress_started", { id: `EV_s${sid}`, createdAt: at(-1), ingressInfo: info }),
    );
    let shown = await list("main", room);
    expect(shown.ok && shown.data.ingresses[0]?.state).toMatchObject({
      status: "publishing",
      fromWebhook: true,
    });
    info.state = new IngressState({ status: 3, error: "no video track in 10 s" });
    await deliver(
      webhook("ingress_ended", { id: `EV_e${sid}`, createdAt: at(), ingressInfo: info }),
    );
    shown = await list("main", room);
    expect(shown.ok && shown.data.ingresses[0]?.state).toMatchObject({
      status: "error",
      error: "no video track in 10 s",
    });

    // Sessions are derived from their events a moment after they come.
    for (let i = 0; i < 100 && recomputesPending() > 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    const detail = (
      await apiGet<ActionResult<SessionDetail>>(apiUrl("main", "readSession", { params: { sid } }))
    ).body;
    expect(detail.ok).toBe(true);
    if (!detail.ok) return;
    const lines = detail.data.timeline.filter((t) => t.kind === "ingress");
    expect(lines.map((l) => l.text)).toEqual([
      "Incoming stream “Hooked” started (as hook-cam)",
      "Incoming stream “Hooked” ended (as hook-cam)",
    ]);
    expect(lines[1]).toMatchObject({ detail: "error · no video track in 10 s", warn: true });
    expect(JSON.stringify(detail)).not.toContain(info.streamKey);

    const { rows } = await (
      await database()
    ).sql.query<{ payload: unknown }>("SELECT payload FROM webhook_events WHERE id LIKE $1", [
      `EV_%${sid}`,
    ]);
    expect(rows.length).toBe(3);
    expect(JSON.stringify(rows)).not.toContain(info.streamKey);
    expect(JSON.stringify(rows)).not.toContain("rtmp://");
  });
});

describe("LiveKit without ingress base URLs", () => {
  it("gives an empty URL: the console says so instead of showing a key that cannot be used", async () => {
    await lk.stop();
    lk = await startLiveKit({ port: PORTS.integrationIngress, redisDb: REDIS_DB });
    await as("oscar");
    const created = await createIngress(rtmp({ identity: "no-url" }));
    expect(created).toMatchObject({ ok: true, data: { urlMissing: true } });
    if (!created.ok) return;
    expect((await stored(created.data.id))?.url).toBe("");
    const secret = await revealIngress({ project: "main", id: created.data.id });
    expect(secret).toMatchObject({ ok: true, data: { url: "", fullUrl: "", urlMissing: true } });
  });
});
