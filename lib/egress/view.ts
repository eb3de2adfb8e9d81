import "server-only";
import { createHmac } from "node:crypto";
import type { EgressInfo } from "livekit-server-sdk";
import { accessConfig } from "@/lib/auth/access";
import { maskLocation, maskStreamUrl, maskUrlsIn } from "@/lib/url-mask";
import type { EgressKind, EgressStatus, EgressView, StreamResult } from "@/lib/egress/types";

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === "object" ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown) => (typeof v === "string" ? v : "");

/** Protobuf JSON's int64 (a string) in nanoseconds, as whole milliseconds; 0 when absent. */
export function nsToMs(v: unknown): number {
  if (typeof v !== "string" && typeof v !== "number") return 0;
  try {
    return Number(BigInt(v) / 1_000_000n);
  } catch {
    return 0;
  }
}
const nsToSec = (v: unknown) => Math.round(nsToMs(v) / 1000);
const count = (v: unknown) => {
  const n = Number(v ?? 0);
  return Number.isFinite(n) && n > 0 ? n : 0;
};

const STATUS: Record<string, EgressStatus> = {
  EGRESS_STARTING: "starting",
  EGRESS_ACTIVE: "active",
  EGRESS_ENDING: "ending",
  EGRESS_COMPLETE: "complete",
  EGRESS_FAILED: "failed",
  EGRESS_ABORTED: "aborted",
  EGRESS_LIMIT_REACHED: "limit_reached",
};
/** Still running as far as LiveKit knows (ending: the files are being finished). */
export const ACTIVE: ReadonlySet<EgressStatus> = new Set(["starting", "active", "ending"]);

/**
 * The name of a stream output without its URL (the key stays on the server), sent to every
 * viewer. Keyed with the server's session secret: a plain hash of the URL could be matched
 * offline against guessed stream keys; this one cannot be computed without the secret.
 */
export const streamRef = (url: string) =>
  createHmac("sha256", accessConfig().sessionKey)
    .update(`egress stream ${url}`)
    .digest("hex")
    .slice(0, 12);

/** Which request started it, and the words for it. */
function requestOf(e: Json): {
  kind: EgressKind;
  detail: string;
  layout: string;
  audioOnly: boolean;
  urls: string[];
  paths: string[];
} {
  const rc = obj(e.roomComposite);
  const p = obj(e.participant);
  const tc = obj(e.trackComposite);
  const t = obj(e.track);
  const web = obj(e.web);
  const streamUrls = (r: Json) => arr(r.streamOutputs).flatMap((s) => arr(obj(s).urls).map(str));
  // Requested file paths: where it goes before the egress service reports a file.
  const paths = (r: Json) =>
    [...arr(r.fileOutputs), ...(r.file ? [r.file] : [])]
      .map((f) => str(obj(f).filepath))
      .filter(Boolean);
  if (e.roomComposite) {
    const audioOnly = rc.audioOnly === true;
    const layout = str(rc.layout) || "grid";
    return {
      kind: "room_composite",
      detail: audioOnly ? "room, audio only" : `room, layout ${layout}`,
      layout: audioOnly ? "" : layout,
      audioOnly,
      urls: streamUrls(rc),
      paths: paths(rc),
    };
  }
  if (e.participant)
    return {
      kind: "participant",
      detail: `participant ${str(p.identity)}${p.screenShare ? " (screen share)" : ""}`,
      layout: "",
      audioOnly: false,
      urls: streamUrls(p),
      paths: paths(p),
    };
  if (e.trackComposite)
    return {
      kind: "track_composite",
      detail: [str(tc.audioTrackId), str(tc.videoTrackId)].filter(Boolean).join(" + "),
      layout: "",
      audioOnly: !tc.videoTrackId,
      urls: streamUrls(tc),
      paths: paths(tc),
    };
  if (e.track)
    return {
      kind: "track",
      detail: `track ${str(t.trackId)}`,
      layout: "",
      audioOnly: false,
      urls: [],
      paths: paths(t),
    };
  if (e.web)
    return {
      kind: "web",
      detail: `web page ${maskLocation(str(web.url))}`,
      layout: "",
      audioOnly: web.audioOnly === true,
      urls: streamUrls(web),
      paths: paths(web),
    };
  return { kind: "other", detail: "", layout: "", audioOnly: false, urls: [], paths: [] };
}

/** Stream outputs: LiveKit's results, and requested URLs it has not reported on yet. */
function streamsOf(e: Json, requested: string[], running: boolean): StreamResult[] {
  const results = [...arr(e.streamResults), ...arr(obj(e.stream).info)].map(obj);
  const seen = new Set<string>();
  const out: StreamResult[] = [];
  for (const r of results) {
    const url = str(r.url);
    if (!url || seen.has(url)) continue;
    seen.add(url);
    out.push({
      url: maskStreamUrl(url),
      ref: streamRef(url),
      // ACTIVE is protobuf's zero value, left out of JSON; on an ended egress the stream ended.
      status: str(r.status).toLowerCase() || (running ? "active" : "ended"),
      error: maskUrlsIn(str(r.error)),
    });
  }
  for (const url of requested)
    if (url && !seen.has(url) && !out.some((s) => s.url === maskStreamUrl(url))) {
      seen.add(url);
      out.push({ url: maskStreamUrl(url), ref: streamRef(url), status: "requested", error: "" });
    }
  return out;
}

/**
 * One egress in our own terms, from LiveKit's protobuf JSON (a webhook's `egressInfo`, or
 * `EgressInfo.toJson()` of ListEgress): the same shape either way. Only what is picked here
 * leaves the server: the request's storage credentials and full stream URLs never do.
 */
export function toEgressView(json: unknown, source: EgressView["source"]): EgressView {
  const e = obj(json);
  const status = STATUS[str(e.status) || "EGRESS_STARTING"] ?? "starting";
  const startedAtMs = nsToMs(e.startedAt);
  const endedAtMs = nsToMs(e.endedAt);
  const req = requestOf(e);
  const files = [...arr(e.fileResults), ...(e.file ? [e.file] : [])].map(obj).map((f) => ({
    filename: str(f.filename),
    location: maskLocation(str(f.location)),
    sizeBytes: count(f.size),
    durationSec: nsToSec(f.duration),
  }));
  const segments = [...arr(e.segmentResults), ...(e.segments ? [e.segments] : [])]
    .map(obj)
    .map((s) => ({
      playlist: str(s.playlistName),
      location: maskLocation(str(s.playlistLocation)),
      count: count(s.segmentCount),
      sizeBytes: count(s.size),
      durationSec: nsToSec(s.duration),
    }));
  return {
    id: str(e.egressId),
    room: str(e.roomName),
    roomSid: str(e.roomId),
    kind: req.kind,
    status,
    active: ACTIVE.has(status),
    startedAtMs,
    endedAtMs,
    updatedAtMs: nsToMs(e.updatedAt),
    durationSec:
      startedAtMs > 0 && endedAtMs >= startedAtMs
        ? Math.round((endedAtMs - startedAtMs) / 1000)
        : null,
    detail: req.detail,
    layout: req.layout,
    audioOnly: req.audioOnly,
    files,
    // Requested paths not reported on yet (a report names the file it wrote).
    requestedFiles: files.length > 0 ? [] : req.paths,
    streams: streamsOf(e, req.urls, ACTIVE.has(status)),
    segments,
    error: maskUrlsIn(str(e.error)),
    source,
  };
}

/** ListEgress's answer (SDK objects) in our terms. */
export const fromSdk = (info: EgressInfo): EgressView =>
  toEgressView(info.toJson({ emitDefaultValues: false }), "livekit");
