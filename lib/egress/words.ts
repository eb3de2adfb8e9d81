import type { EgressKind, EgressStatus, EgressView } from "@/lib/egress/types";

export const KIND_LABEL: Record<EgressKind, string> = {
  room_composite: "Room composite",
  web: "Web page",
  participant: "Participant",
  track_composite: "Track composite",
  track: "Track",
  other: "Other",
};

export const STATUS_LABEL: Record<EgressStatus, string> = {
  starting: "Starting",
  active: "Active",
  ending: "Ending",
  complete: "Complete",
  failed: "Failed",
  aborted: "Aborted",
  limit_reached: "Limit reached",
};

/** Where it goes, in a few words each: "file recordings/a.mp4", "stream rtmp://host/app/••••". */
export function destinations(
  e: Pick<EgressView, "files" | "requestedFiles" | "streams" | "segments">,
): string[] {
  return [
    ...e.requestedFiles.map((p) => `file ${p}`),
    ...e.files.map(
      (f) => `file ${f.filename || f.location || "(name chosen by the egress service)"}`,
    ),
    ...e.streams.map((s) => `stream ${s.url}`),
    ...e.segments.map((s) => `HLS playlist ${s.playlist || s.location}`),
  ];
}
