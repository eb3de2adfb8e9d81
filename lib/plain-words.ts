/**
 * Plain labels for LiveKit's terms, for people who do not know them; the LiveKit term goes
 * in a tooltip beside each. Shared by the table, the room page and their tests.
 */

export const TERMS = {
  publishers: {
    label: "Sharing",
    hint: "People sharing a camera, microphone or screen (LiveKit: num_publishers).",
  },
  emptyTimeout: {
    label: "Close if unused",
    hint: "How long the room stays open when nobody has joined yet (LiveKit: empty_timeout).",
  },
  departureTimeout: {
    label: "Close after last",
    hint: "How long the room stays open after the last person leaves (LiveKit: departure_timeout).",
  },
  metadata: {
    label: "Notes",
    hint: "Free text or JSON the application attached to the room (LiveKit: metadata).",
  },
  codecs: {
    label: "Audio and video formats",
    hint: "What the room may use to send sound and pictures (LiveKit: enabled_codecs).",
  },
} as const;

const CODEC_NAMES: Record<string, string> = {
  opus: "Opus",
  pcmu: "G.711 (phone)",
  pcma: "G.711 (phone)",
  g722: "G.722",
  h264: "H.264",
  h265: "H.265",
  vp8: "VP8",
  vp9: "VP9",
  av1: "AV1",
};
// Helpers of other formats, not formats one chooses: redundancy, retransmission, FEC.
const HELPERS = new Set(["red", "rtx", "ulpfec", "flexfec-03"]);

/**
 * "Audio: Opus, G.711 (phone) · Video: VP8, H.264" from LiveKit's MIME list
 * (["audio/PCMU", "audio/opus", "audio/red", "video/rtx", …]).
 */
export function plainCodecs(mimes: string[]): string {
  const groups: Record<"audio" | "video", string[]> = { audio: [], video: [] };
  for (const mime of mimes) {
    const [kind, raw = ""] = mime.split("/");
    const name = raw.toLowerCase();
    if ((kind !== "audio" && kind !== "video") || HELPERS.has(name) || !name) continue;
    const label = CODEC_NAMES[name] ?? raw;
    if (!groups[kind].includes(label)) groups[kind].push(label);
  }
  const parts = [
    groups.audio.length ? `Audio: ${groups.audio.join(", ")}` : "",
    groups.video.length ? `Video: ${groups.video.join(", ")}` : "",
  ].filter(Boolean);
  return parts.join(" · ");
}

/**
 * Room metadata in one line a person can read: a JSON object's top-level fields as
 * "topic: weekly sync · owner: platform", anything else as it is.
 */
export function plainMetadata(metadata: string): string {
  const t = metadata.trim();
  if (!t.startsWith("{")) return metadata;
  try {
    const obj: unknown = JSON.parse(t);
    if (obj === null || typeof obj !== "object" || Array.isArray(obj)) return metadata;
    const entries = Object.entries(obj as Record<string, unknown>);
    if (entries.length === 0) return "—";
    return entries
      .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`)
      .join(" · ");
  } catch {
    return metadata;
  }
}
