import "server-only";
import {
  IngressAudioOptions,
  IngressVideoOptions,
  TrackSource,
  type IngressClient,
  type IngressInfo,
} from "livekit-server-sdk";
import { ActionFailure } from "@/lib/procedures/failure";
import { GONE, isPanic, NO_REDIS } from "@/lib/ingress/errors";
import type { CreateIngressForm, UpdateIngressForm } from "@/lib/ingress/schema";
import type { IngressSecret, IngressView } from "@/lib/ingress/types";
import { INPUT_OF, audioPresetValue, toIngressView, videoPresetValue } from "@/lib/ingress/view";

/** Every ingress of the project, by room then name (one ListIngress: LiveKit reads Redis). */
export async function listIngress(ic: IngressClient): Promise<IngressView[]> {
  const all = await ic.listIngress({});
  return all
    .map(toIngressView)
    .sort((a, b) => a.room.localeCompare(b.room) || a.name.localeCompare(b.name));
}

// A preset, or LiveKit's default when none is picked (sent so an edit can clear a preset).
const encodingOf = (preset: number | undefined) =>
  preset === undefined ? { case: undefined } : { case: "preset" as const, value: preset };
const audioOf = (f: { audioPreset: CreateIngressForm["audioPreset"] }, transcoding: boolean) =>
  new IngressAudioOptions({
    source: TrackSource.MICROPHONE,
    encodingOptions: encodingOf(transcoding ? audioPresetValue(f.audioPreset) : undefined),
  });
const videoOf = (f: { videoPreset: CreateIngressForm["videoPreset"] }, transcoding: boolean) =>
  new IngressVideoOptions({
    source: TrackSource.CAMERA,
    encodingOptions: encodingOf(transcoding ? videoPresetValue(f.videoPreset) : undefined),
  });

/**
 * An edit's track options: what the ingress has (its source, say a screen share, and custom
 * encoding options made with lk or the SDK, which the form cannot show) unless the form changed
 * the preset or transcoding. The form shows custom options as "LiveKit's default": sending
 * that back would silently replace them.
 */
function editedTracks(was: IngressInfo, f: UpdateIngressForm) {
  const shown = toIngressView(was);
  const sameTranscoding = f.transcoding === shown.transcoding;
  const audio = audioOf(f, f.transcoding);
  const video = videoOf(f, f.transcoding);
  if (was.audio?.source) audio.source = was.audio.source;
  if (was.video?.source) video.source = was.video.source;
  if (sameTranscoding && f.audioPreset === shown.audioPreset && was.audio)
    audio.encodingOptions = was.audio.encodingOptions;
  if (sameTranscoding && f.videoPreset === shown.videoPreset && was.video)
    video.encodingOptions = was.video.encodingOptions;
  return { audio, video };
}

/** The stream key and URL, for the caller who asked (create and reveal); never a list's. */
export function secretOf(i: IngressInfo): IngressSecret {
  const view = toIngressView(i);
  const base = i.url.replace(/\/+$/, "");
  return {
    id: i.ingressId,
    name: i.name,
    inputType: view.inputType,
    url: i.url,
    streamKey: i.streamKey,
    fullUrl: view.inputType === "url" || !base ? base : `${base}/${i.streamKey}`,
    urlMissing: view.urlMissing,
  };
}

export async function createIngress(ic: IngressClient, f: CreateIngressForm): Promise<IngressView> {
  const info = await ic.createIngress(INPUT_OF[f.inputType], {
    name: f.name,
    roomName: f.room,
    participantIdentity: f.identity,
    participantName: f.participantName,
    enableTranscoding: f.transcoding,
    url: f.inputType === "url" ? f.url : undefined,
    audio: audioOf(f, f.transcoding),
    video: videoOf(f, f.transcoding),
  });
  // The key is not in this answer: the creator sees it through reveal, audited like any other.
  return toIngressView(info);
}

/** One ingress, or the plain "gone" failure. */
export async function findIngress(ic: IngressClient, id: string): Promise<IngressInfo> {
  let found: IngressInfo[];
  try {
    found = await ic.listIngress({ ingressId: id });
  } catch (e) {
    if ((e as { status?: unknown }).status === 404)
      throw new ActionFailure({ code: "not_found", message: GONE });
    throw e;
  }
  const info = found[0];
  if (!info?.ingressId) throw new ActionFailure({ code: "not_found", message: GONE });
  return info;
}

/**
 * LiveKit without Redis answers update and delete with "Internal service panic" (its store is
 * nil); ListIngress then says "redis required", which is what the operator needs to hear.
 */
async function explainPanic(ic: IngressClient, url: string, e: unknown): Promise<never> {
  if (!isPanic(e)) throw e;
  try {
    await ic.listIngress({});
  } catch (listed) {
    if (/redis required/i.test(String((listed as Error).message)))
      throw new ActionFailure({ code: "config", message: NO_REDIS(url) });
  }
  throw e;
}

export async function updateIngress(
  ic: IngressClient,
  url: string,
  f: UpdateIngressForm,
): Promise<IngressView> {
  // LiveKit replaces the track options an update names: read them first to keep the rest.
  const was = await findIngress(ic, f.id);
  try {
    const info = await ic.updateIngress(f.id, {
      name: f.name,
      roomName: f.room,
      participantIdentity: f.identity,
      participantName: f.participantName,
      enableTranscoding: f.transcoding,
      ...editedTracks(was, f),
    });
    return toIngressView(info);
  } catch (e) {
    return explainPanic(ic, url, e);
  }
}

export async function deleteIngress(
  ic: IngressClient,
  url: string,
  id: string,
): Promise<{ id: string; alreadyGone: boolean; wasLive: boolean }> {
  try {
    const info = await ic.deleteIngress(id);
    return { id, alreadyGone: false, ...liveOf(info) };
  } catch (e) {
    // Deleted first by someone else: what was asked for holds.
    if ((e as { status?: unknown }).status === 404)
      return { id, alreadyGone: true, wasLive: false };
    return explainPanic(ic, url, e);
  }
}

// LiveKit answers a delete with the state set to inactive; the start time says it had been live.
const liveOf = (i: IngressInfo) => ({
  wasLive: (i.state?.startedAt ?? 0n) > 0n && (i.state?.endedAt ?? 0n) === 0n,
});
