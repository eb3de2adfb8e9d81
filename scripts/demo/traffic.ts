import {
  dispose,
  LocalAudioTrack,
  LocalVideoTrack,
  Room,
  TrackPublishOptions,
  TrackSource,
  VideoSource,
} from "@livekit/rtc-node";
import { AccessToken } from "livekit-server-sdk";
import { newAudioSource, playColourBars, playTone } from "@/scripts/demo/synthetic-media";

export type TrafficOptions = {
  /** ws(s):// URL participants connect to. */
  wsUrl: string;
  apiKey: string;
  apiSecret: string;
  rooms: string[];
  /** Participants per room, kept between min and max as people come and go. */
  min?: number;
  max?: number;
  /** Seconds between comings and goings. */
  churnEverySec?: number;
  video?: boolean;
  log?: (line: string) => void;
};

type Demo = {
  room: Room;
  identity: string;
  anchor: boolean;
  stop: () => void;
  done: Promise<unknown>;
};

const NAMES = [
  "ada",
  "grace",
  "linus",
  "margaret",
  "alan",
  "barbara",
  "ken",
  "radia",
  "dennis",
  "frances",
];

/**
 * Real participants (rtc-node) that publish a tone (one also a video), chat over data, and come
 * and go, so the console shows live rooms with moving numbers. stop() leaves cleanly.
 */
export function startTraffic(opts: TrafficOptions) {
  const log = opts.log ?? ((l: string) => console.log(`demo-traffic: ${l}`));
  const min = opts.min ?? 1;
  const max = opts.max ?? 4;
  const present = new Map<string, Demo[]>(opts.rooms.map((r) => [r, []]));
  let running = true;
  let seq = 0;

  async function join(roomName: string, withVideo: boolean, anchor = false): Promise<void> {
    const identity = `${NAMES[seq % NAMES.length]}-${++seq}`;
    const at = new AccessToken(opts.apiKey, opts.apiSecret, {
      identity,
      name: identity.replace(/-\d+$/, (m) => ` #${m.slice(1)}`),
      ttl: "2h",
    });
    at.addGrant({
      roomJoin: true,
      room: roomName,
      canPublish: true,
      canSubscribe: true,
      canPublishData: true,
    });
    const room = new Room();
    await room.connect(opts.wsUrl, await at.toJwt(), { autoSubscribe: false, dynacast: false });
    let active = true;
    const audio = newAudioSource();
    const publish = new TrackPublishOptions();
    publish.source = TrackSource.SOURCE_MICROPHONE;
    await room.localParticipant!.publishTrack(
      LocalAudioTrack.createAudioTrack("tone", audio),
      publish,
    );
    const done = playTone(audio, 220 + (seq % 8) * 55, () => active && running);
    let stopVideo = () => {};
    if (withVideo) {
      const video = new VideoSource(320, 180);
      const vp = new TrackPublishOptions();
      vp.source = TrackSource.SOURCE_CAMERA;
      await room.localParticipant!.publishTrack(
        LocalVideoTrack.createVideoTrack("colour-bars", video),
        vp,
      );
      stopVideo = playColourBars(video, 320, 180);
    }
    const chat = setInterval(() => {
      void room.localParticipant
        ?.publishData(
          new TextEncoder().encode(`${identity} says hi at ${new Date().toISOString()}`),
          { reliable: true, topic: "chat" },
        )
        .catch(() => undefined);
    }, 10_000);
    present.get(roomName)!.push({
      room,
      identity,
      anchor,
      done,
      stop: () => {
        active = false;
        clearInterval(chat);
        stopVideo();
      },
    });
    log(`${identity} joined ${roomName}`);
  }

  async function leave(roomName: string, who: Demo) {
    const list = present.get(roomName)!;
    list.splice(list.indexOf(who), 1);
    who.stop();
    if (who.room.isConnected) await who.room.disconnect();
    log(`${who.identity} left ${roomName}`);
  }

  async function churn() {
    for (const [roomName, list] of present) {
      const wantMore = list.length < min || (list.length < max && Math.random() < 0.5);
      try {
        if (wantMore) await join(roomName, false);
        else {
          // The first participant of each room stays, so the demo rooms never empty out.
          const movable = list.filter((d) => !d.anchor);
          if (list.length > min && movable.length > 0)
            await leave(roomName, movable[Math.floor(Math.random() * movable.length)]!);
        }
      } catch (e) {
        log(`could not change ${roomName}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  const ready = (async () => {
    for (const [i, roomName] of opts.rooms.entries()) {
      for (let k = 0; k < Math.max(min, 2); k++)
        await join(roomName, !!opts.video && i === 0 && k === 0, k === 0);
    }
  })();
  const timer = setInterval(() => void churn(), (opts.churnEverySec ?? 12) * 1000);

  /** Leaves every room. `disposeFfi: false` keeps rtc-node usable for others in this process. */
  async function stop({ disposeFfi = true } = {}) {
    running = false;
    clearInterval(timer);
    await ready.catch(() => undefined);
    for (const [roomName, list] of present)
      for (const who of [...list]) await leave(roomName, who).catch(() => undefined);
    if (disposeFfi) await dispose();
  }

  return {
    ready,
    stop,
    participants: (roomName?: string) =>
      [...present.entries()]
        .filter(([r]) => !roomName || r === roomName)
        .flatMap(([, l]) => l.map((d) => d.identity)),
  };
}
