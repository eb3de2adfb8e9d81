import "server-only";

import { formatBytes, formatSeconds } from "@/lib/format";
import type { EgressView } from "@/lib/egress/types";

const KIND_WORDS: Record<EgressView["kind"], string> = {
  room_composite: "Room recording",
  web: "Web page recording",
  participant: "Participant recording",
  track_composite: "Track composite recording",
  track: "Track export",
  other: "Recording/export",
};

/** An egress webhook as a timeline line: what, its new state, and its files or its error. */
export function egressLine(
  event: string,
  e: EgressView,
): { text: string; detail?: string; warn: boolean } {
  const verb =
    event === "egress_started"
      ? "started"
      : event === "egress_ended"
        ? e.status === "complete"
          ? "ended"
          : `ended (${e.status.replace("_", " ")})`
        : `now ${e.status.replace("_", " ")}`;
  const outputs = [
    ...e.files.map(
      (f) =>
        `${f.filename || "file"} (${formatBytes(f.sizeBytes)}, ${formatSeconds(f.durationSec)}${f.location ? `, at ${f.location}` : ""})`,
    ),
    ...e.streams.map((s) => `stream ${s.url}${s.error ? `: ${s.error}` : ""}`),
    ...e.segments.map(
      (s) => `${s.playlist || "playlist"} (${s.count} segments, ${formatBytes(s.sizeBytes)})`,
    ),
  ];
  const detail = [e.id, e.detail, ...outputs, e.error].filter(Boolean).join(" · ");
  return {
    text: `${KIND_WORDS[e.kind]} ${verb}`,
    detail: detail || undefined,
    warn: Boolean(e.error) || e.status === "failed" || e.status === "aborted",
  };
}
