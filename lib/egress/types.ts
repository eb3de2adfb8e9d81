/** Egress as the console shows it: LiveKit's EgressInfo mapped, stream keys masked, no credentials. */

export type EgressKind =
  "room_composite" | "web" | "participant" | "track_composite" | "track" | "other";

export type EgressStatus =
  "starting" | "active" | "ending" | "complete" | "failed" | "aborted" | "limit_reached";

export type FileResult = {
  filename: string;
  /** Where it was uploaded, without any query string (a signed URL's signature). */
  location: string;
  sizeBytes: number;
  durationSec: number;
};

export type StreamResult = {
  /** scheme://host/path/•••• : the last path segment (the stream key) and any query masked. */
  url: string;
  /** A hash of the URL LiveKit holds: how a stream is named to remove it. */
  ref: string;
  status: string;
  error: string;
};

export type SegmentsResult = {
  playlist: string;
  location: string;
  count: number;
  sizeBytes: number;
  durationSec: number;
};

export type EgressView = {
  id: string;
  room: string;
  roomSid: string;
  kind: EgressKind;
  status: EgressStatus;
  /** Starting or active (ending: LiveKit is finishing the files). */
  active: boolean;
  /** ms since the epoch; 0 when LiveKit has not said. */
  startedAtMs: number;
  endedAtMs: number;
  updatedAtMs: number;
  durationSec: number | null;
  /** The request in words: "audio only", "layout grid", "participant alice", "track TR_…". */
  detail: string;
  layout: string;
  audioOnly: boolean;
  files: FileResult[];
  /** File paths asked for that no file result names yet ("recordings/{room_name}.mp4"). */
  requestedFiles: string[];
  streams: StreamResult[];
  segments: SegmentsResult[];
  /** LiveKit's error text, as it said it (with any URL in it masked). */
  error: string;
  /** "livekit": in ListEgress now; "webhook": only History's egress webhooks know of it. */
  source: "livekit" | "webhook";
};

export type EgressList = {
  egress: EgressView[];
  /** Why LiveKit's own list could not be read (no Redis, unreachable), with what to do. */
  listProblem: string | null;
};

/** A start that waits for LiveKit in the background (see lib/egress/starts.ts). */
export type StartState =
  | { state: "pending"; startId: number; sinceMs: number }
  | { state: "started"; startId: number; egressId: string }
  | { state: "failed"; startId: number; message: string }
  | { state: "cancelled"; startId: number };
