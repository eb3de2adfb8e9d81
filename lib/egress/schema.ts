import { z } from "zod";
import { roomNameSchema } from "@/lib/rooms/schema";

/** LiveKit's egress ids: "EG_" and a short base62 tail. */
export const egressIdSchema = z
  .string({ error: "Egress id is required" })
  .regex(/^EG_[A-Za-z0-9]{1,40}$/, "Egress id must look like EG_… (as listed)");

/** The layouts LiveKit's egress template ships ("-light" on a light background). */
export const LAYOUTS = [
  "grid",
  "speaker",
  "single-speaker",
  "grid-light",
  "speaker-light",
  "single-speaker-light",
] as const;
export const layoutSchema = z.enum(LAYOUTS, {
  error: `Layout must be one of ${LAYOUTS.join(", ")}`,
});

/** Encoding presets the form offers (LiveKit's EncodingOptionsPreset names). */
export const PRESETS = [
  "H264_720P_30",
  "H264_720P_60",
  "H264_1080P_30",
  "H264_1080P_60",
  "PORTRAIT_H264_720P_30",
  "PORTRAIT_H264_1080P_30",
] as const;
export type Preset = (typeof PRESETS)[number];

export const KINDS = ["room_composite", "participant", "track"] as const;
export type StartKind = (typeof KINDS)[number];

export const MAX_STREAM_URLS = 5;
const STREAM_SCHEMES = new Set(["rtmp:", "rtmps:", "srt:"]);

/** Whether `v` is a stream destination egress can push to: rtmp(s) or srt, with a host. */
export function isStreamUrl(v: string): boolean {
  if (v.length > 1024 || /\s/.test(v)) return false;
  try {
    const u = new URL(v);
    return STREAM_SCHEMES.has(u.protocol) && u.hostname.length > 0;
  } catch {
    return false;
  }
}

// Never echo the typed URL in a message: it holds the stream key.
const streamUrl = z
  .string()
  .refine(isStreamUrl, "Stream URL: must be rtmp://, rtmps:// or srt:// with a host, no spaces");

export const streamUrlsSchema = z
  .array(streamUrl)
  .max(MAX_STREAM_URLS, `Stream URLs: at most ${MAX_STREAM_URLS}`);

const FILE_EXTENSIONS = [".mp4", ".ogg"];
const PATH_CHARS = /^[A-Za-z0-9 _.\-/{}]+$/;

/**
 * Why a file path is refused, or undefined. The path is relative to the egress host's output
 * (its storage bucket or working directory): no absolute path, no `..` to climb out of it.
 * `{room_name}` and `{time}` are LiveKit's templates and allowed.
 */
export function filePathProblem(v: string, audioOnly: boolean): string | undefined {
  if (v === "") return "File path is required (e.g. recordings/{room_name}-{time}.mp4)";
  if (v.length > 512) return "File path must be at most 512 characters";
  if (v.startsWith("/") || v.startsWith("~") || /^[A-Za-z]:/.test(v))
    return "File path must be relative (no leading /, ~ or drive letter): it is placed under the egress host's output";
  if (v.includes("\\")) return "File path must use / between folders, not \\";
  if (v.split("/").some((part) => part === ".." || part === "."))
    return "File path cannot hold . or .. folders: they would climb out of the output folder";
  if (!PATH_CHARS.test(v))
    return "File path may hold letters, digits, spaces, _ . - / and the {room_name} {time} templates only";
  const ext = FILE_EXTENSIONS.find((e) => v.toLowerCase().endsWith(e));
  if (!ext) return "File path must end in .mp4 (audio and video) or .ogg (audio only)";
  if (ext === ".ogg" && !audioOnly)
    return "File path: an .ogg file holds audio only; use .mp4, or tick Audio only";
  return undefined;
}

const trackIdRe = /^TR_[A-Za-z0-9]{1,40}$/;

/**
 * One start form for the three kinds the console starts. Flat on purpose: a refused call's
 * audit row keeps its top-level text fields, and stream URLs (a credential) are a list, which
 * the trail records as "[list of N]" only.
 */
export const startEgressSchema = z
  .object({
    room: roomNameSchema,
    kind: z.enum(KINDS, { error: "Kind must be room_composite, participant or track" }),
    audioOnly: z.boolean().default(false),
    layout: layoutSchema.default("grid"),
    identity: z
      .string()
      .max(256, "Participant identity must be at most 256 characters")
      .default(""),
    trackId: z.string().max(64, "Track id must be at most 64 characters").default(""),
    output: z.enum(["file", "stream"], { error: "Output must be file or stream" }),
    filepath: z.string().default(""),
    urls: streamUrlsSchema.default([]),
    preset: z
      .enum(PRESETS, { error: `Preset must be one of ${PRESETS.join(", ")}` })
      .default("H264_720P_30"),
    audioCodec: z
      .enum(["opus", "aac"], { error: "Audio codec must be opus or aac" })
      .default("opus"),
  })
  .superRefine((f, ctx) => {
    const issue = (path: string, message: string) =>
      ctx.addIssue({ code: "custom", path: [path], message });
    if (f.kind === "participant" && f.identity.trim() === "")
      issue("identity", "Participant identity is required for a participant egress");
    if (f.kind === "track" && !trackIdRe.test(f.trackId))
      issue("trackId", "Track id must look like TR_… (from the room's participants)");
    if (f.output === "file") {
      const problem = filePathProblem(f.filepath, f.kind === "track" || f.audioOnly);
      if (problem) issue("filepath", problem);
    } else {
      if (f.kind === "track")
        issue("output", "A track egress writes its track to a file only; choose File");
      if (f.urls.length === 0) issue("urls", "Stream URLs: at least one rtmp:// or rtmps:// URL");
      // RTMP carries its audio in FLV, which holds AAC, not Opus.
      if (f.audioCodec === "opus")
        issue(
          "audioCodec",
          "Audio codec: an RTMP stream carries AAC only; choose AAC (the egress host needs GStreamer's faac) or record to a file",
        );
    }
  });
export type StartEgressInput = z.input<typeof startEgressSchema>;
export type StartEgressForm = z.output<typeof startEgressSchema>;

export const egressRefSchema = z.object({ egressId: egressIdSchema });

export const updateLayoutSchema = z.object({ egressId: egressIdSchema, layout: layoutSchema });

/** Stream outputs are named by `ref` (a hash, see view.ts): nobody sends back a URL they cannot see. */
export const updateStreamSchema = z
  .object({
    egressId: egressIdSchema,
    addUrls: streamUrlsSchema.default([]),
    removeRefs: z
      .array(z.string().regex(/^[a-f0-9]{12}$/, "Stream to remove: unknown reference"))
      .max(MAX_STREAM_URLS, `Streams to remove: at most ${MAX_STREAM_URLS}`)
      .default([]),
  })
  .refine((v) => v.addUrls.length + v.removeRefs.length > 0, {
    message: "Add a stream URL or pick one to remove",
    path: ["addUrls"],
  });

export const listEgressSchema = z.object({
  room: z.string().max(256, "Room filter must be at most 256 characters").optional(),
});

export const startRefSchema = z.object({
  startId: z.coerce
    .number({ error: "Start id must be a number" })
    .int("Start id must be a whole number")
    .positive("Start id must be positive")
    .max(2 ** 53 - 1, "Start id is too large"),
});
