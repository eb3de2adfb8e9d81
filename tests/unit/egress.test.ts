import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { EgressInfo, EgressStatus } from "livekit-server-sdk";
import { afterCancel, type Waiting } from "@/components/egress/start-phase";
import { egressError } from "@/lib/egress/errors";
import { maskLocation, maskStreamUrl, maskUrlsIn } from "@/lib/url-mask";
import { redactEgressJson } from "@/lib/egress/redact";
import {
  filePathProblem,
  startEgressSchema,
  updateLayoutSchema,
  updateStreamSchema,
} from "@/lib/egress/schema";
import { stuckEgress } from "@/lib/egress/stuck";
import { streamRef, toEgressView } from "@/lib/egress/view";
import { S3_SECRET, STREAM_KEY, STREAM_URL, egressInfo } from "../support/egress-webhooks";

const KEY = "live_123456_AbCdEfGhIj";

describe("stream keys are masked for everyone", () => {
  it("keeps the service, drops the key, a query and user:password", () => {
    expect(maskStreamUrl(`rtmp://a.rtmp.youtube.com/live2/${KEY}`)).toBe(
      "rtmp://a.rtmp.youtube.com/live2/••••",
    );
    expect(maskStreamUrl(`rtmps://user:pw@live.example.com:443/app/${KEY}?token=x`)).toBe(
      "rtmps://live.example.com:443/app/••••",
    );
    expect(maskStreamUrl(`rtmp://host/${KEY}`)).toBe("rtmp://host/••••");
    expect(maskStreamUrl("not a url with a key")).toBe("••••");
    // Idempotent: a masked URL (as History stores it) stays the same.
    expect(maskStreamUrl(maskStreamUrl(`rtmp://h/app/${KEY}`))).toBe("rtmp://h/app/••••");
  });

  it("masks URLs quoted inside LiveKit's error text, and signed upload locations", () => {
    expect(maskUrlsIn(`failed to connect to rtmp://h/app/${KEY}: refused`)).toBe(
      "failed to connect to rtmp://h/app/••••: refused",
    );
    expect(maskLocation("https://b.s3.amazonaws.com/a.mp4?X-Amz-Signature=s")).toBe(
      "https://b.s3.amazonaws.com/a.mp4",
    );
  });

  it("maps an EgressInfo (webhook JSON) into our view without the key or storage credentials", () => {
    const info = egressInfo({
      egressId: "EG_abc",
      room: "r",
      roomSid: "RM_r",
      status: EgressStatus.EGRESS_COMPLETE,
      startedAtMs: 1_700_000_000_000,
      endedAtMs: 1_700_000_095_000,
      file: { filename: "a.mp4", size: 2048, durationSec: 95, location: "https://b/a.mp4?sig=1" },
    });
    const view = toEgressView(info.toJson(), "livekit");
    expect(view).toMatchObject({
      id: "EG_abc",
      kind: "room_composite",
      status: "complete",
      active: false,
      durationSec: 95,
      layout: "speaker",
      files: [{ filename: "a.mp4", sizeBytes: 2048, durationSec: 95, location: "https://b/a.mp4" }],
      streams: [{ url: "rtmp://live.example.com/app/••••" }],
    });
    const text = JSON.stringify(view);
    expect(text).not.toContain(STREAM_KEY);
    expect(text).not.toContain(S3_SECRET);
    // STARTING is protobuf's zero value, left out of JSON.
    expect(toEgressView(new EgressInfo({ egressId: "EG_x" }).toJson(), "webhook").status).toBe(
      "starting",
    );
  });

  it("History stores an egress webhook without keys or storage secrets", () => {
    const stored = JSON.stringify(
      redactEgressJson(
        egressInfo({
          egressId: "EG_a",
          room: "r",
          roomSid: "RM_r",
          status: EgressStatus.EGRESS_ACTIVE,
          startedAtMs: 1,
        }).toJson(),
      ),
    );
    expect(stored).not.toContain(STREAM_KEY);
    expect(stored).not.toContain(S3_SECRET);
    expect(stored).not.toContain("AKIAEXAMPLE");
    expect(stored).toContain("recordings/r.mp4");
    expect(STREAM_URL).toContain(STREAM_KEY);
  });
});

const base = {
  room: "standup",
  kind: "room_composite",
  audioOnly: true,
  output: "file",
  filepath: "recordings/{room_name}-{time}.ogg",
};
const errorsOf = (input: unknown) => {
  const r = startEgressSchema.safeParse(input);
  return r.success
    ? {}
    : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
};

describe("a stream's ref, sent to every viewer in place of its URL", () => {
  const saved = process.env.SESSION_SECRET;
  afterEach(() => {
    if (saved === undefined) delete process.env.SESSION_SECRET;
    else process.env.SESSION_SECRET = saved;
  });
  const url = `rtmp://a.rtmp.youtube.com/live2/${KEY}`;

  it("is keyed with the server's secret: not the plain hash a viewer could match offline", () => {
    process.env.SESSION_SECRET = "s".repeat(40);
    const plain = createHash("sha256").update(url).digest("hex").slice(0, 12);
    const ref = streamRef(url);
    expect(ref).toMatch(/^[0-9a-f]{12}$/);
    expect(ref).not.toBe(plain);
    // Stable for one URL (a removal names it by this ref), distinct for another.
    expect(streamRef(url)).toBe(ref);
    expect(streamRef(`${url}x`)).not.toBe(ref);
    // Another deployment's secret gives another ref: nothing to precompute.
    process.env.SESSION_SECRET = "t".repeat(40);
    expect(streamRef(url)).not.toBe(ref);
  });
});

describe("the start dialog after a cancel", () => {
  const waiting: Waiting = { phase: "waiting", startId: 7, sinceMs: 1_000, cancelling: true };

  it("says cancelled only when the server did; a refused or lost cancel goes back to waiting, saying why", () => {
    expect(afterCancel(waiting, { ok: true, data: { state: "cancelled", startId: 7 } })).toEqual({
      phase: "cancelled",
      startId: 7,
    });
    const refused = afterCancel(waiting, {
      ok: false,
      error: { code: "rate_limited", message: "Too many changes this minute; retry in 20 s." },
    });
    expect(refused).toMatchObject({ phase: "waiting", startId: 7, cancelling: false });
    if (refused.phase === "waiting")
      expect(refused.cancelError).toMatch(
        /refused, so nothing was cancelled: the start goes on\. Too many changes this minute/,
      );
    expect(afterCancel(waiting, undefined)).toMatchObject({
      phase: "waiting",
      cancelling: false,
      cancelError: expect.stringMatching(/did not reach the console's server/),
    });
    // LiveKit answered first: the page says how the start really ended.
    expect(
      afterCancel(waiting, {
        ok: true,
        data: { state: "failed", startId: 7, message: "No egress" },
      }),
    ).toEqual({ phase: "failed", message: "No egress" });
    expect(
      afterCancel(waiting, { ok: true, data: { state: "started", startId: 7, egressId: "" } }),
    ).toEqual({ phase: "started" });
  });
});

describe("the start form, checked on the server", () => {
  it("takes a sensible start and defaults audio to Opus", () => {
    const r = startEgressSchema.parse(base);
    expect(r).toMatchObject({ audioCodec: "opus", preset: "H264_720P_30", layout: "grid" });
  });

  it.each([
    ["/etc/passwd.mp4", /must be relative/],
    ["../../secrets/a.mp4", /cannot hold \. or \.\. folders/],
    ["recordings/../../a.mp4", /cannot hold \. or \.\. folders/],
    ["C:/rec/a.mp4", /must be relative/],
    ["~/a.mp4", /must be relative/],
    ["rec\\a.mp4", /use \/ between folders/],
    ["rec/a.exe", /must end in \.mp4/],
    ["rec/a;rm -rf.mp4", /may hold letters/],
    ["", /File path is required/],
  ])("refuses the file path %j", (filepath, message) => {
    expect(errorsOf({ ...base, audioOnly: false, filepath }).filepath).toMatch(message);
  });

  it("an .ogg holds audio only", () => {
    expect(filePathProblem("a.ogg", false)).toMatch(/audio only/);
    expect(filePathProblem("a.ogg", true)).toBeUndefined();
  });

  it.each([
    ["https://example.com/live/key"],
    ["rtmp://"],
    ["rtmp://host/app/key with space"],
    ["javascript:alert(1)"],
    ["file:///etc/passwd"],
  ])("refuses the stream URL %j without echoing it", (url) => {
    const e = errorsOf({ ...base, output: "stream", audioCodec: "aac", urls: [url] });
    expect(e["urls.0"]).toMatch(/must be rtmp:\/\/, rtmps:\/\/ or srt:\/\//);
    expect(JSON.stringify(e)).not.toContain(url.slice(8) || "§");
  });

  it("a stream needs AAC (RTMP carries no Opus), a URL, and is not for a track", () => {
    expect(errorsOf({ ...base, output: "stream", urls: [STREAM_URL] }).audioCodec).toMatch(
      /RTMP stream carries AAC only/,
    );
    expect(errorsOf({ ...base, output: "stream", audioCodec: "aac" }).urls).toMatch(/at least one/);
    expect(
      errorsOf({
        ...base,
        kind: "track",
        trackId: "TR_abc",
        output: "stream",
        audioCodec: "aac",
        urls: [STREAM_URL],
      }).output,
    ).toMatch(/file only/);
  });

  it("refuses unknown codecs, layouts, kinds and presets, and the missing identity or track", () => {
    expect(errorsOf({ ...base, audioCodec: "mp3" }).audioCodec).toMatch(/opus or aac/);
    expect(errorsOf({ ...base, audioOnly: false, layout: "mosaic" }).layout).toMatch(
      /Layout must be one of/,
    );
    expect(errorsOf({ ...base, kind: "web" }).kind).toMatch(/Kind must be/);
    expect(errorsOf({ ...base, preset: "H265_4K" }).preset).toMatch(/Preset must be one of/);
    expect(errorsOf({ ...base, kind: "participant" }).identity).toMatch(/required/);
    expect(errorsOf({ ...base, kind: "track", trackId: "abc" }).trackId).toMatch(/TR_/);
    expect(updateLayoutSchema.safeParse({ egressId: "EG_a", layout: "../x" }).success).toBe(false);
    expect(updateLayoutSchema.safeParse({ egressId: "x", layout: "grid" }).success).toBe(false);
    expect(updateStreamSchema.safeParse({ egressId: "EG_a" }).success).toBe(false);
    expect(updateStreamSchema.safeParse({ egressId: "EG_a", removeRefs: ["zz"] }).success).toBe(
      false,
    );
  });
});

describe("LiveKit's egress answers in plain words", () => {
  const twirp = (status: number, message: string) => Object.assign(new Error(message), { status });
  it("tells no Redis, no worker, an unknown egress and a closed room apart", () => {
    const url = "http://lk";
    expect(egressError(twirp(500, "egress not connected (redis required)"), url)).toMatchObject({
      code: "config",
      startCode: "egress_not_connected",
    });
    expect(egressError(twirp(503, "no response from servers"), url, { start: true })).toMatchObject(
      {
        code: "rejected",
        startCode: "no_egress_service",
      },
    );
    expect(
      egressError(twirp(404, "egress does not exist"), url, { egressId: "EG_a" }).message,
    ).toMatch(/has no egress EG_a/);
    expect(
      egressError(twirp(404, "requested room does not exist"), url).fieldErrors?.room,
    ).toBeDefined();
    const timeout = Object.assign(new Error("t"), { name: "TimeoutError" });
    expect(egressError(timeout, url, { start: true }).startCode).toBe("start_timeout");
    expect(egressError(timeout, url).code).toBe("timeout");
  });
});

describe("stuck recordings", () => {
  const now = 10_000_000;
  const view = (over: Partial<ReturnType<typeof toEgressView>> = {}) => ({
    ...toEgressView({ egressId: "EG_a", roomName: "r", status: "EGRESS_ACTIVE" }, "webhook"),
    startedAtMs: now - 3_600_000,
    updatedAtMs: now - 3_600_000,
    ...over,
  });
  const cfg = { quietSec: 600, graceSec: 30 };
  it("flags a room that is gone, quiet while empty, and an undelivered stop; not a healthy one", () => {
    const codes = (rooms: { name: string; numParticipants: number }[] | undefined, stops = []) =>
      stuckEgress([view()], rooms, stops, new Map(), cfg, now).flatMap((s) =>
        s.reasons.map((r) => r.code),
      );
    expect(codes([])).toEqual(["egress_room_gone"]);
    expect(codes(undefined)).toEqual([]);
    expect(codes([{ name: "r", numParticipants: 0 }])).toEqual(["egress_quiet_empty"]);
    expect(codes([{ name: "r", numParticipants: 2 }])).toEqual([]);
    expect(
      stuckEgress(
        [view()],
        [{ name: "r", numParticipants: 2 }],
        [{ egressId: "EG_a", atMs: now - 1_000, actor: "oscar", errorCode: "rejected" }],
        new Map(),
        cfg,
        now,
      )[0]?.reasons,
    ).toMatchObject([{ code: "egress_stop_failed", actor: "oscar" }]);
    // Ended ones are never stuck; a recent change is within the grace.
    expect(
      stuckEgress([view({ active: false, status: "complete" })], [], [], new Map(), cfg, now),
    ).toEqual([]);
    expect(stuckEgress([view({ updatedAtMs: now - 5_000 })], [], [], new Map(), cfg, now)).toEqual(
      [],
    );
  });

  it("never says a web egress's room is gone: it has no room (an undelivered stop still counts)", () => {
    const web = view({ room: "", kind: "web" });
    const stop = { egressId: "EG_a", atMs: now - 1_000, actor: "oscar", errorCode: "rejected" };
    expect(stuckEgress([web], [], [], new Map(), cfg, now)).toEqual([]);
    expect(stuckEgress([web], [{ name: "", numParticipants: 0 }], [], new Map(), cfg, now)).toEqual(
      [],
    );
    expect(
      stuckEgress([web], [], [stop], new Map(), cfg, now).flatMap((s) =>
        s.reasons.map((r) => r.code),
      ),
    ).toEqual(["egress_stop_failed"]);
  });
});
