import { createHash, randomUUID } from "node:crypto";
import {
  AccessToken,
  EgressInfo,
  EgressStatus,
  EncodedFileOutput,
  RoomCompositeEgressRequest,
  S3Upload,
  StreamOutput,
  StreamProtocol,
  WebhookEvent,
} from "livekit-server-sdk";

/** A stream key no page, answer, HAR or database row may hold. */
export const STREAM_KEY = "sk-live-9f3c2b7d1e";
export const STREAM_URL = `rtmp://live.example.com/app/${STREAM_KEY}`;
export const S3_SECRET = "s3-secret-Qw81xZ";

const ns = (ms: number) => BigInt(ms) * 1_000_000n;

/**
 * An EgressInfo as livekit/egress reports it for a room composite to a file and an RTMP stream
 * (with the request's S3 credentials, as LiveKit sends them in its webhooks).
 */
export function egressInfo(o: {
  egressId: string;
  room: string;
  roomSid: string;
  status: EgressStatus;
  startedAtMs: number;
  updatedAtMs?: number;
  endedAtMs?: number;
  error?: string;
  file?: { filename: string; size: number; durationSec: number; location: string };
}): EgressInfo {
  return new EgressInfo({
    egressId: o.egressId,
    roomId: o.roomSid,
    roomName: o.room,
    status: o.status,
    startedAt: ns(o.startedAtMs),
    updatedAt: ns(o.updatedAtMs ?? o.startedAtMs),
    endedAt: o.endedAtMs ? ns(o.endedAtMs) : 0n,
    error: o.error ?? "",
    request: {
      case: "roomComposite",
      value: new RoomCompositeEgressRequest({
        roomName: o.room,
        layout: "speaker",
        fileOutputs: [
          new EncodedFileOutput({
            filepath: `recordings/${o.room}.mp4`,
            output: {
              case: "s3",
              value: new S3Upload({ accessKey: "AKIAEXAMPLE", secret: S3_SECRET, bucket: "rec" }),
            },
          }),
        ],
        streamOutputs: [new StreamOutput({ protocol: StreamProtocol.RTMP, urls: [STREAM_URL] })],
      }),
    },
    streamResults: [{ url: STREAM_URL, status: 0, startedAt: ns(o.startedAtMs) }],
    fileResults: o.file
      ? [
          {
            filename: o.file.filename,
            size: BigInt(o.file.size),
            duration: ns(o.file.durationSec * 1000),
            location: o.file.location,
            startedAt: ns(o.startedAtMs),
            endedAt: ns(o.endedAtMs ?? o.startedAtMs),
          },
        ]
      : [],
  });
}

/** The body and Authorization header LiveKit would post for this egress event. */
export async function signedEgressWebhook(
  event: "egress_started" | "egress_updated" | "egress_ended",
  info: EgressInfo,
  key = { apiKey: "devkey", apiSecret: "secret" },
) {
  const ev = new WebhookEvent({
    id: `EV_${randomUUID().replaceAll("-", "").slice(0, 12)}`,
    createdAt: BigInt(Math.floor(Date.now() / 1000)),
    egressInfo: info,
  });
  // The SDK's subclass resets `event` in its constructor: set it after.
  ev.event = event;
  const body = ev.toJsonString();
  const at = new AccessToken(key.apiKey, key.apiSecret, { ttl: 300 });
  at.sha256 = createHash("sha256").update(body).digest("base64");
  return { body, authorization: await at.toJwt() };
}

export { EgressStatus };
