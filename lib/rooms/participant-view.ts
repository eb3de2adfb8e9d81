import type { ParticipantInfo, Room, TrackInfo } from "livekit-server-sdk";
import { toRoomView, type RoomView } from "@/lib/rooms/view";
import { sipFactsOf, type SipFacts } from "@/lib/sip/participant-facts";
import { agentOf, type AgentInfo } from "@/lib/agents/view";

export type ParticipantKind =
  "standard" | "agent" | "sip" | "egress" | "ingress" | "connector" | "bridge" | "other";
export type ParticipantState = "joining" | "joined" | "active" | "disconnected";
export type TrackKind = "audio" | "video" | "data";
export type TrackSourceName =
  "camera" | "microphone" | "screen_share" | "screen_share_audio" | "unknown";

export type TrackView = {
  sid: string;
  name: string;
  kind: TrackKind;
  source: TrackSourceName;
  mimeType: string;
  width: number;
  height: number;
  muted: boolean;
  simulcast: boolean;
};

export type PermissionView = {
  canPublish: boolean;
  canSubscribe: boolean;
  canPublishData: boolean;
  hidden: boolean;
  recorder: boolean;
};

export type ParticipantView = {
  sid: string;
  identity: string;
  name: string;
  kind: ParticipantKind;
  state: ParticipantState;
  joinedAtMs: number;
  region: string;
  metadata: string;
  isPublisher: boolean;
  permission: PermissionView;
  tracks: TrackView[];
  /** A phone participant's call: status, number, trunk and rule (from its sip.* attributes). */
  sip?: SipFacts;
  /** An agent's name and live state (its lk.agent.* attributes); absent for others. */
  agent?: AgentInfo;
};

export type RoomDetailView = RoomView & { enabledCodecs: string[] };

const KINDS: Record<number, ParticipantKind> = {
  0: "standard",
  1: "ingress",
  2: "egress",
  3: "sip",
  4: "agent",
  7: "connector",
  8: "bridge",
};
const STATES: Record<number, ParticipantState> = {
  0: "joining",
  1: "joined",
  2: "active",
  3: "disconnected",
};
const TRACK_KINDS: Record<number, TrackKind> = { 0: "audio", 1: "video", 2: "data" };
const SOURCES: Record<number, TrackSourceName> = {
  1: "camera",
  2: "microphone",
  3: "screen_share",
  4: "screen_share_audio",
};

const ms = (fine: bigint, coarseSec: bigint) =>
  fine > BigInt(0) ? Number(fine) : Number(coarseSec) * 1000;

export function toTrackView(t: TrackInfo): TrackView {
  return {
    sid: t.sid,
    name: t.name,
    kind: TRACK_KINDS[t.type] ?? "data",
    source: SOURCES[t.source] ?? "unknown",
    mimeType: t.mimeType,
    width: t.width,
    height: t.height,
    muted: t.muted,
    simulcast: t.simulcast,
  };
}

// Field by field, like toRoomView: nothing upstream reaches the browser by accident.
export function toParticipantView(p: ParticipantInfo): ParticipantView {
  const perm = p.permission;
  return {
    sid: p.sid,
    identity: p.identity,
    name: p.name,
    kind: KINDS[p.kind] ?? "other",
    state: STATES[p.state] ?? "joining",
    joinedAtMs: ms(p.joinedAtMs, p.joinedAt),
    region: p.region,
    metadata: p.metadata,
    isPublisher: p.isPublisher,
    permission: {
      canPublish: perm?.canPublish ?? false,
      canSubscribe: perm?.canSubscribe ?? false,
      canPublishData: perm?.canPublishData ?? false,
      hidden: perm?.hidden ?? false,
      recorder: perm?.recorder ?? false,
    },
    tracks: p.tracks.map(toTrackView),
    sip: sipFactsOf(p.attributes),
    ...withAgent(p),
  };
}

const withAgent = (p: ParticipantInfo) => {
  const agent = agentOf(KINDS[p.kind] ?? "other", p.attributes);
  return agent ? { agent } : {};
};

export function toRoomDetailView(room: Room): RoomDetailView {
  return {
    ...toRoomView(room, { fullMetadata: true }),
    enabledCodecs: room.enabledCodecs.map((c) => c.mime),
  };
}
