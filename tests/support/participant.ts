import {
  LocalAudioTrack,
  LocalVideoTrack,
  VideoSource,
  Room,
  RoomEvent,
  TrackPublishOptions,
  TrackSource,
  type DisconnectReason,
  type LocalTrackPublication,
} from "@livekit/rtc-node";
import { AccessToken } from "livekit-server-sdk";
import { newAudioSource, playColourBars, playTone } from "@/scripts/demo/synthetic-media";

export type TestParticipant = {
  room: Room;
  /** Resolves with the reason LiveKit gave when it disconnected this participant. */
  disconnected: Promise<DisconnectReason | undefined>;
  /** The published tone, when asked for. */
  audio?: LocalTrackPublication;
  /** The published colour bars, when asked for. */
  video?: LocalTrackPublication;
  leave: () => Promise<void>;
};

type JoinOptions = {
  apiKey?: string;
  apiSecret?: string;
  publishAudio?: boolean;
  /** The tone's pitch (440 Hz); 0 publishes silence, as a dead microphone would. */
  toneHz?: number;
  /** Moving colour bars, 320×180 at 10 fps (as the demo's publisher). */
  publishVideo?: boolean;
  kind?: string;
};

/** A real participant (rtc-node) joined to a room on a real livekit-server. */
export async function joinParticipant(
  wsUrl: string,
  roomName: string,
  identity: string,
  opts: JoinOptions = {},
): Promise<TestParticipant> {
  const at = new AccessToken(opts.apiKey ?? "devkey", opts.apiSecret ?? "secret", {
    identity,
    ttl: "10m",
  });
  at.addGrant({ roomJoin: true, room: roomName, canUpdateOwnMetadata: true });
  if (opts.kind) at.kind = opts.kind;
  const room = new Room();
  const disconnected = new Promise<DisconnectReason | undefined>((resolve) =>
    room.once(RoomEvent.Disconnected, (reason) => resolve(reason)),
  );
  await room.connect(wsUrl, await at.toJwt(), { autoSubscribe: false, dynacast: false });
  let playing = true;
  let audio: LocalTrackPublication | undefined;
  if (opts.publishAudio) {
    const source = newAudioSource();
    const publish = new TrackPublishOptions();
    publish.source = TrackSource.SOURCE_MICROPHONE;
    audio = await room.localParticipant!.publishTrack(
      LocalAudioTrack.createAudioTrack("tone", source),
      publish,
    );
    void playTone(source, opts.toneHz ?? 440, () => playing);
  }
  let video: LocalTrackPublication | undefined;
  let stopVideo = () => {};
  if (opts.publishVideo) {
    const source = new VideoSource(320, 180);
    const publish = new TrackPublishOptions();
    publish.source = TrackSource.SOURCE_CAMERA;
    video = await room.localParticipant!.publishTrack(
      LocalVideoTrack.createVideoTrack("colour-bars", source),
      publish,
    );
    stopVideo = playColourBars(source, 320, 180);
  }
  return {
    room,
    disconnected,
    audio,
    video,
    leave: async () => {
      playing = false;
      stopVideo();
      // Disconnecting a room the server already closed has hung rtc-node: only leave if still in.
      if (room.isConnected) await room.disconnect();
    },
  };
}

/** Resolves with the arguments of the next `event` on the room, or rejects after `ms`. */
export function nextEvent<T extends unknown[]>(
  room: Room,
  event: RoomEvent,
  ms = 5_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    room.once(event, (...args: T) => {
      clearTimeout(timer);
      resolve(args);
    });
  });
}

export async function eventually<T>(read: () => T, ok: (v: T) => boolean, ms = 5_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = read();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}
