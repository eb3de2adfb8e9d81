import type { AudioPreset, InputType, VideoPreset } from "@/lib/ingress/schema";

export type IngressStatus = "inactive" | "buffering" | "publishing" | "error" | "complete";

/** An incoming stream as any role sees it: no URL, no stream key (see view.ts). */
export type IngressView = {
  id: string;
  name: string;
  inputType: InputType;
  room: string;
  identity: string;
  participantName: string;
  transcoding: boolean;
  audioPreset: AudioPreset;
  videoPreset: VideoPreset;
  /** LiveKit has no ingress.rtmp_base_url / whip_base_url for this type: no address to give. */
  urlMissing: boolean;
  state: {
    status: IngressStatus;
    error: string;
    startedAt: string | null;
    endedAt: string | null;
    updatedAt: string | null;
    /** A webhook newer than LiveKit's stored state said this (see state.ts). */
    fromWebhook: boolean;
  };
};

/**
 * What a publisher needs, for operators who asked (reveal, audited). RTMP: server URL and
 * stream key; WHIP: URL and bearer token (the key); URL input: the source it pulls.
 */
export type IngressSecret = {
  id: string;
  name: string;
  inputType: InputType;
  url: string;
  streamKey: string;
  /** The one string to paste when a tool takes a single URL (base URL / stream key). */
  fullUrl: string;
  urlMissing: boolean;
};

export type IngressList = { ingresses: IngressView[] };
