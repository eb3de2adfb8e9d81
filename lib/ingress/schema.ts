import { z } from "zod";
import { roomNameSchema } from "@/lib/rooms/schema";

export const INPUT_TYPES = ["rtmp", "whip", "url"] as const;
export type InputType = (typeof INPUT_TYPES)[number];
export const INPUT_LABEL: Record<InputType, string> = { rtmp: "RTMP", whip: "WHIP", url: "URL" };

/** LiveKit's IngressAudioEncodingPreset names, lower-cased ("" = LiveKit's default). */
export const AUDIO_PRESETS = ["", "opus_stereo_96kbps", "opus_mono_64kbs"] as const;
/** LiveKit's IngressVideoEncodingPreset names, lower-cased, in its order. */
export const VIDEO_PRESETS = [
  "",
  "h264_720p_30fps_3_layers",
  "h264_1080p_30fps_3_layers",
  "h264_540p_25fps_2_layers",
  "h264_720p_30fps_1_layer",
  "h264_1080p_30fps_1_layer",
  "h264_720p_30fps_3_layers_high_motion",
  "h264_1080p_30fps_3_layers_high_motion",
  "h264_540p_25fps_2_layers_high_motion",
  "h264_720p_30fps_1_layer_high_motion",
  "h264_1080p_30fps_1_layer_high_motion",
] as const;
export type AudioPreset = (typeof AUDIO_PRESETS)[number];
export type VideoPreset = (typeof VIDEO_PRESETS)[number];

export const ingressIdSchema = z
  .string({ error: "Stream input id is required" })
  .regex(/^IN_[A-Za-z0-9]{1,40}$/, "Stream input id must look like IN_…");

// Identities and names are shown in every participant list: no control characters.
const CONTROL = /[\u0000-\u001f\u007f]/;
const text = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text` })
    .max(max, `${label} must be at most ${max} characters`)
    .refine((v) => !CONTROL.test(v), `${label} cannot hold control characters (tabs, newlines)`)
    .refine((v) => v === v.trim(), `${label} cannot start or end with spaces`);

export const ingressIdentitySchema = text("Participant identity", 128).refine(
  (v) => v.length > 0,
  "Participant identity is required (the stream joins the room as this participant)",
);

const SOURCE_SCHEMES = ["http:", "https:", "srt:"];

/** Where a URL input pulls from: http, https or srt only (what LiveKit accepts). */
export function sourceUrlProblem(v: string): string | undefined {
  if (v === "") return "Source URL is required for a URL input";
  if (v.length > 2048) return "Source URL must be at most 2048 characters";
  if (/\s/.test(v)) return "Source URL cannot hold spaces";
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    return "Source URL is not a URL (e.g. https://example.com/live.m3u8)";
  }
  if (!SOURCE_SCHEMES.includes(u.protocol))
    return `Source URL must start with http://, https:// or srt:// (not ${u.protocol}//)`;
  if (!u.hostname) return "Source URL needs a host";
  return undefined;
}

const fields = {
  name: text("Name", 128).refine((v) => v.length > 0, "Name is required"),
  room: roomNameSchema,
  identity: ingressIdentitySchema,
  participantName: text("Participant name", 128).default(""),
  transcoding: z.boolean({ error: "Transcoding must be on or off" }).default(true),
  audioPreset: z
    .enum(AUDIO_PRESETS, { error: "Audio preset is not one LiveKit knows" })
    .default(""),
  videoPreset: z
    .enum(VIDEO_PRESETS, { error: "Video preset is not one LiveKit knows" })
    .default(""),
};

type Shape = {
  inputType?: InputType;
  transcoding: boolean;
  audioPreset: string;
  videoPreset: string;
};

/** LiveKit's own rules (protocol ingress/validation.go), on the field they concern. */
function consistent(v: Shape, ctx: z.RefinementCtx) {
  if (!v.transcoding && v.inputType !== undefined && v.inputType !== "whip")
    ctx.addIssue({
      code: "custom",
      path: ["transcoding"],
      message:
        "Transcoding can be off only for WHIP inputs: LiveKit transcodes RTMP and URL inputs",
    });
  if (!v.transcoding && (v.audioPreset || v.videoPreset))
    ctx.addIssue({
      code: "custom",
      path: [v.audioPreset ? "audioPreset" : "videoPreset"],
      message: "Presets apply only when transcoding is on: turn it on or pick the default",
    });
}

export const createIngressSchema = z
  .object({
    inputType: z.enum(INPUT_TYPES, { error: "Input type must be RTMP, WHIP or URL" }),
    url: z.string({ error: "Source URL must be text" }).default(""),
    ...fields,
  })
  .superRefine((v, ctx) => {
    if (v.inputType === "url") {
      const problem = sourceUrlProblem(v.url);
      if (problem) ctx.addIssue({ code: "custom", path: ["url"], message: problem });
    } else if (v.url !== "")
      ctx.addIssue({
        code: "custom",
        path: ["url"],
        message: "Source URL is only for URL inputs: RTMP and WHIP inputs get theirs from LiveKit",
      });
    consistent(v, ctx);
  });
export type CreateIngressForm = z.infer<typeof createIngressSchema>;

/** An edit: LiveKit keeps the input type and URL of an ingress; whether it may transcode is checked against it. */
export const updateIngressSchema = z
  .object({ id: ingressIdSchema, ...fields })
  .superRefine((v, ctx) => consistent(v, ctx));
export type UpdateIngressForm = z.infer<typeof updateIngressSchema>;

export const ingressRefSchema = z.object({ id: ingressIdSchema });

export const ingressListSchema = z.object({
  room: roomNameSchema.optional(),
});
