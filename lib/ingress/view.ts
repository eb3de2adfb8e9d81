import "server-only";
import {
  IngressAudioEncodingPreset,
  IngressInput,
  IngressVideoEncodingPreset,
  type IngressInfo,
} from "livekit-server-sdk";
import {
  AUDIO_PRESETS,
  VIDEO_PRESETS,
  type AudioPreset,
  type InputType,
  type VideoPreset,
} from "@/lib/ingress/schema";
import type { IngressStatus, IngressView } from "@/lib/ingress/types";

export const INPUT_OF: Record<InputType, IngressInput> = {
  rtmp: IngressInput.RTMP_INPUT,
  whip: IngressInput.WHIP_INPUT,
  url: IngressInput.URL_INPUT,
};
const TYPE_OF: Record<number, InputType> = { 0: "rtmp", 1: "whip", 2: "url" };

// livekit.IngressState.Status, in its order.
export const STATUS_OF: Record<number, IngressStatus> = {
  0: "inactive",
  1: "buffering",
  2: "publishing",
  3: "error",
  4: "complete",
};
export const STATUS_NAMED: Record<string, IngressStatus> = {
  ENDPOINT_INACTIVE: "inactive",
  ENDPOINT_BUFFERING: "buffering",
  ENDPOINT_PUBLISHING: "publishing",
  ENDPOINT_ERROR: "error",
  ENDPOINT_COMPLETE: "complete",
};

// The schema's preset lists follow LiveKit's enum order after "" (the default).
export const audioPresetValue = (p: AudioPreset) =>
  p ? ((AUDIO_PRESETS.indexOf(p) - 1) as IngressAudioEncodingPreset) : undefined;
export const videoPresetValue = (p: VideoPreset) =>
  p ? ((VIDEO_PRESETS.indexOf(p) - 1) as IngressVideoEncodingPreset) : undefined;

const nsToIso = (ns: bigint | undefined) =>
  ns && ns > 0n ? new Date(Number(ns / 1_000_000n)).toISOString() : null;

/**
 * An ingress as the browser sees it. Field by field: its URL and stream key stay on the server
 * (a URL input's source may hold credentials too); `urlMissing` says only whether LiveKit
 * answered without a base URL.
 */
export function toIngressView(i: IngressInfo): IngressView {
  const inputType = TYPE_OF[i.inputType] ?? "rtmp";
  const audio = i.audio?.encodingOptions;
  const video = i.video?.encodingOptions;
  const state = i.state;
  return {
    id: i.ingressId,
    name: i.name,
    inputType,
    room: i.roomName,
    identity: i.participantIdentity,
    participantName: i.participantName,
    transcoding: i.enableTranscoding ?? !i.bypassTranscoding,
    audioPreset: audio?.case === "preset" ? (AUDIO_PRESETS[audio.value + 1] ?? "") : "",
    videoPreset: video?.case === "preset" ? (VIDEO_PRESETS[video.value + 1] ?? "") : "",
    urlMissing: inputType !== "url" && i.url === "",
    state: {
      status: STATUS_OF[state?.status ?? 0] ?? "inactive",
      error: state?.error ?? "",
      startedAt: nsToIso(state?.startedAt),
      endedAt: nsToIso(state?.endedAt),
      updatedAt: nsToIso(state?.updatedAt),
      fromWebhook: false,
    },
  };
}
