import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { IngressInfo, IngressInput, IngressState } from "livekit-server-sdk";
import { ingressError } from "@/lib/ingress/errors";
import { createIngressSchema, updateIngressSchema } from "@/lib/ingress/schema";
import { withWebhookState } from "@/lib/ingress/state";
import { secretOf } from "@/lib/ingress/service";
import { toIngressView } from "@/lib/ingress/view";
import { withoutSecrets } from "@/lib/history/ingest";

const good = {
  inputType: "rtmp",
  name: "Stage",
  room: "stage",
  identity: "stage-cam",
};

/** The fields a refusal names, and their messages. */
function refusal(input: Record<string, unknown>, schema: z.ZodType = createIngressSchema) {
  const r = schema.safeParse(input);
  if (r.success) return undefined;
  return Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
}

describe("the stream input form, checked on the server", () => {
  it("takes a plain RTMP input with defaults (transcoding on, LiveKit's presets)", () => {
    expect(createIngressSchema.parse(good)).toEqual({
      ...good,
      url: "",
      participantName: "",
      transcoding: true,
      audioPreset: "",
      videoPreset: "",
    });
  });

  it("refuses identities and names that are empty, too long, padded or hold control characters", () => {
    expect(refusal({ ...good, identity: "" })).toEqual({
      identity: expect.stringMatching(/identity is required/),
    });
    expect(refusal({ ...good, identity: "x".repeat(129) })?.identity).toMatch(/at most 128/);
    expect(refusal({ ...good, identity: " cam" })?.identity).toMatch(/spaces/);
    expect(refusal({ ...good, identity: "cam\n2" })?.identity).toMatch(/control characters/);
    expect(refusal({ ...good, name: "" })?.name).toMatch(/Name is required/);
    expect(refusal({ ...good, participantName: "a\u0000b" })?.participantName).toMatch(/control/);
    expect(refusal({ ...good, identity: 42 })?.identity).toMatch(/must be text/);
    expect(refusal({ ...good, room: "" })?.room).toMatch(/Room name is required/);
  });

  it("pulls only http, https and srt URLs, and only for URL inputs", () => {
    const url = (u: string) => refusal({ ...good, inputType: "url", url: u })?.url;
    expect(url("https://example.com/live.m3u8")).toBeUndefined();
    expect(url("srt://10.0.0.5:9000?streamid=x")).toBeUndefined();
    expect(url("")).toMatch(/required for a URL input/);
    expect(url("ftp://example.com/x.mp4")).toMatch(
      /http:\/\/, https:\/\/ or srt:\/\/ \(not ftp:\/\/\)/,
    );
    expect(url("file:///etc/passwd")).toMatch(/not file:\/\//);
    expect(url("javascript:alert(1)")).toMatch(/not javascript:/);
    expect(url("not a url")).toMatch(/spaces/);
    expect(url("example.com/live")).toMatch(/is not a URL/);
    expect(url(`https://e.com/${"a".repeat(2100)}`)).toMatch(/2048/);
    expect(refusal({ ...good, url: "https://example.com/x" })?.url).toMatch(/only for URL inputs/);
  });

  it("knows LiveKit's presets and its transcoding rules", () => {
    expect(refusal({ ...good, videoPreset: "h264_4k" })?.videoPreset).toMatch(
      /not one LiveKit knows/,
    );
    expect(refusal({ ...good, audioPreset: "AAC" })?.audioPreset).toMatch(/not one LiveKit knows/);
    expect(refusal({ ...good, transcoding: false })?.transcoding).toMatch(/only for WHIP/);
    expect(refusal({ ...good, transcoding: "no" })?.transcoding).toMatch(/on or off/);
    expect(refusal({ ...good, inputType: "whip", transcoding: false })).toBeUndefined();
    expect(
      refusal({
        ...good,
        inputType: "whip",
        transcoding: false,
        videoPreset: "h264_720p_30fps_1_layer",
      })?.videoPreset,
    ).toMatch(/only when transcoding is on/);
    expect(refusal({ ...good, inputType: "srt" })?.inputType).toMatch(/RTMP, WHIP or URL/);
  });

  it("an edit names its input by id", () => {
    const { inputType: _t, ...fields } = good;
    expect(refusal({ ...fields, id: "IN_abc123" }, updateIngressSchema)).toBeUndefined();
    expect(refusal({ ...fields, id: "TR_abc" }, updateIngressSchema)?.id).toMatch(/IN_/);
    expect(refusal({ ...fields, id: "IN_../x" }, updateIngressSchema)?.id).toMatch(/IN_/);
  });
});

const info = (over: Partial<IngressInfo> = {}) =>
  new IngressInfo({
    ingressId: "IN_abc",
    name: "Stage",
    streamKey: "sk-SECRET-1",
    url: "rtmp://ingress.example.com/x",
    inputType: IngressInput.RTMP_INPUT,
    roomName: "stage",
    participantIdentity: "cam",
    enableTranscoding: true,
    state: new IngressState({ status: 0 }),
    ...over,
  });

describe("what leaves the server", () => {
  it("a view has neither the URL nor the key; the empty URL is said, not shown", () => {
    const view = toIngressView(info());
    expect(JSON.stringify(view)).not.toMatch(/sk-SECRET|rtmp:\/\//);
    expect(view).toMatchObject({ urlMissing: false, state: { status: "inactive" } });
    expect(toIngressView(info({ url: "" })).urlMissing).toBe(true);
    // A URL input's source is its own, not LiveKit's base URL: never "missing".
    expect(toIngressView(info({ url: "", inputType: IngressInput.URL_INPUT })).urlMissing).toBe(
      false,
    );
  });

  it("a reveal gives the base URL, the key and both joined for one-URL tools", () => {
    expect(secretOf(info())).toMatchObject({
      url: "rtmp://ingress.example.com/x",
      streamKey: "sk-SECRET-1",
      fullUrl: "rtmp://ingress.example.com/x/sk-SECRET-1",
    });
    expect(secretOf(info({ url: "" }))).toMatchObject({ fullUrl: "", urlMissing: true });
  });

  it("a stored webhook keeps no stream key (the URL is dropped at ingest)", () => {
    const stored = withoutSecrets({ ingressInfo: { streamKey: "sk-SECRET-1", name: "Stage" } });
    expect(JSON.stringify(stored)).not.toContain("sk-SECRET");
  });

  it("LiveKit's refusals in words: no Redis, no worker, bad scheme", () => {
    const twirp = (status: number, message: string) =>
      Object.assign(new Error(message), { status });
    expect(
      ingressError(twirp(500, "ingress not connected (redis required)"), "http://lk").message,
    ).toMatch(/redis:.*livekit\/ingress/);
    expect(ingressError(twirp(503, "no response from servers"), "http://lk").message).toMatch(
      /No ingress service answered/,
    );
    expect(
      ingressError(twirp(400, "invalid ingress: invalid url scheme ftp"), "http://lk").fieldErrors
        ?.url,
    ).toEqual([expect.stringMatching(/not ftp/)]);
  });
});

describe("the state shown: LiveKit's stored one, unless a webhook is newer", () => {
  const view = (updatedAt: string | null) => ({
    ...toIngressView(info()),
    state: {
      status: "inactive" as const,
      error: "",
      startedAt: null,
      endedAt: null,
      updatedAt,
      fromWebhook: false,
    },
  });
  const event = (at: string, status = "ENDPOINT_ERROR", error = "no video") => ({
    ingressId: "IN_abc",
    event: "ingress_ended",
    at,
    status,
    error,
  });

  it("a newer webhook wins, with its error; an older one does not", () => {
    const [newer] = withWebhookState(
      [view("2026-01-01T00:00:00.000Z")],
      [event("2026-01-01T00:00:05.000Z")],
    );
    expect(newer?.state).toMatchObject({ status: "error", error: "no video", fromWebhook: true });
    const [older] = withWebhookState(
      [view("2026-01-01T00:00:10.000Z")],
      [event("2026-01-01T00:00:05.000Z")],
    );
    expect(older?.state).toMatchObject({ status: "inactive", fromWebhook: false });
    const [other] = withWebhookState(
      [view(null)],
      [{ ...event("2026-01-01T00:00:05.000Z"), ingressId: "IN_x" }],
    );
    expect(other?.state.fromWebhook).toBe(false);
  });
});
