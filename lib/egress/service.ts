import "server-only";
import {
  AudioCodec,
  DirectFileOutput,
  EncodedFileOutput,
  EncodedFileType,
  EncodingOptions,
  StreamOutput,
  StreamProtocol,
  VideoCodec,
  type EgressClient,
  type EncodedOutputs,
} from "livekit-server-sdk";
import { ActionFailure } from "@/lib/procedures/failure";
import type { Preset, StartEgressForm } from "@/lib/egress/schema";
import type { EgressView } from "@/lib/egress/types";
import { fromSdk, streamRef } from "@/lib/egress/view";

/** LiveKit's presets spelled out, so the audio codec can be chosen (a preset fixes it). */
const PRESET_SIZES: Record<Preset, [w: number, h: number, fps: number, kbps: number]> = {
  H264_720P_30: [1280, 720, 30, 3_000],
  H264_720P_60: [1280, 720, 60, 4_500],
  H264_1080P_30: [1920, 1080, 30, 4_500],
  H264_1080P_60: [1920, 1080, 60, 6_000],
  PORTRAIT_H264_720P_30: [720, 1280, 30, 3_000],
  PORTRAIT_H264_1080P_30: [1080, 1920, 30, 4_500],
};

export function encodingOf(f: Pick<StartEgressForm, "preset" | "audioCodec">): EncodingOptions {
  const [width, height, framerate, videoBitrate] = PRESET_SIZES[f.preset];
  return new EncodingOptions({
    width,
    height,
    framerate,
    videoBitrate,
    videoCodec: VideoCodec.H264_MAIN,
    audioCodec: f.audioCodec === "aac" ? AudioCodec.AAC : AudioCodec.OPUS,
    audioBitrate: 128,
    // Opus runs at 48 kHz; AAC's usual rate is 44.1 kHz.
    audioFrequency: f.audioCodec === "aac" ? 44_100 : 48_000,
    keyFrameInterval: 4,
  });
}

function outputsOf(f: StartEgressForm): EncodedOutputs {
  if (f.output === "stream")
    return { stream: new StreamOutput({ protocol: StreamProtocol.RTMP, urls: f.urls }) };
  return {
    file: new EncodedFileOutput({
      filepath: f.filepath,
      fileType: f.filepath.toLowerCase().endsWith(".ogg")
        ? EncodedFileType.OGG
        : EncodedFileType.MP4,
    }),
  };
}

/** Starts one egress; the client's timeout is EGRESS_START_TIMEOUT_SEC (see timeouts.ts). */
export async function startEgress(ec: EgressClient, f: StartEgressForm): Promise<EgressView> {
  const outputs = outputsOf(f);
  if (f.kind === "track")
    return fromSdk(
      await ec.startTrackEgress(f.room, new DirectFileOutput({ filepath: f.filepath }), f.trackId),
    );
  if (f.kind === "participant")
    return fromSdk(
      await ec.startParticipantEgress(f.room, f.identity, outputs, {
        encodingOptions: encodingOf(f),
      }),
    );
  return fromSdk(
    await ec.startRoomCompositeEgress(f.room, outputs, {
      layout: f.audioOnly ? undefined : f.layout,
      audioOnly: f.audioOnly,
      encodingOptions: encodingOf(f),
    }),
  );
}

/** LiveKit's list, newest first; a room filter is LiveKit's own (exact name). */
export async function listEgress(ec: EgressClient, room?: string): Promise<EgressView[]> {
  const list = await ec.listEgress(room ? { roomName: room } : {});
  return list.map(fromSdk).sort((a, b) => b.startedAtMs - a.startedAtMs || (a.id < b.id ? -1 : 1));
}

/**
 * LiveKit's list refuses an unknown id at once (404 "egress does not exist", in ms), where a
 * stop or a stream change of one waits ~3 s for an egress service before saying the same.
 */
const mustExist = (ec: EgressClient, id: string) => ec.listEgress({ egressId: id });

export async function stopEgress(ec: EgressClient, id: string) {
  await mustExist(ec, id);
  return fromSdk(await ec.stopEgress(id));
}

export const updateLayout = async (ec: EgressClient, id: string, layout: string) =>
  fromSdk(await ec.updateLayout(id, layout));

/**
 * Adds URLs and removes the streams named by `ref`: the browser never holds a URL it could send
 * back, so the current URLs are read from LiveKit and matched by their hash.
 */
export async function updateStream(
  ec: EgressClient,
  id: string,
  addUrls: string[],
  removeRefs: string[],
): Promise<EgressView> {
  let remove: string[] = [];
  const [info] = await mustExist(ec, id);
  if (removeRefs.length > 0) {
    const json = (info?.toJson() ?? {}) as Record<string, unknown>;
    const known = new Set<string>();
    const collect = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(collect);
      else if (v && typeof v === "object")
        for (const [k, x] of Object.entries(v)) {
          if (k === "url" && typeof x === "string") known.add(x);
          else if (k === "urls" && Array.isArray(x))
            x.forEach((u) => typeof u === "string" && known.add(u));
          else collect(x);
        }
    };
    collect(json);
    remove = [...known].filter((u) => removeRefs.includes(streamRef(u)));
    if (remove.length < removeRefs.length)
      throw new ActionFailure({
        code: "not_found",
        message: "A stream to remove is no longer on this egress. Reload the list.",
        fieldErrors: { removeRefs: ["No longer on this egress; reload the list"] },
      });
  }
  return fromSdk(await ec.updateStream(id, addUrls, remove));
}
