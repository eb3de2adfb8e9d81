import "server-only";
import { WebhookReceiver } from "livekit-server-sdk";
import type { IncomingEvent } from "@/lib/history/store";
import { redactEgressJson } from "@/lib/egress/redact";
import { storable } from "@/lib/db/sql";

/** Keys whose values never reach the database or a browser, wherever they appear. */
const SECRET_KEYS = new Set(["turnPassword", "turn_password", "streamKey", "stream_key"]);

/** An ingress's URL is its publish address (or a pulled source with credentials): dropped. */
function withoutIngressUrl(payload: Record<string, unknown>): Record<string, unknown> {
  const info = payload.ingressInfo;
  if (!info || typeof info !== "object") return payload;
  const { url: _url, ...rest } = info as Record<string, unknown>;
  return { ...payload, ingressInfo: rest };
}

/**
 * A copy of LiveKit's JSON without its secrets (the room's TURN password), its text storable
 * (a NUL in a name or metadata would make the database refuse the whole row).
 */
export function withoutSecrets(v: unknown): unknown {
  if (typeof v === "string") return storable(v);
  if (Array.isArray(v)) return v.map(withoutSecrets);
  if (!v || typeof v !== "object") return v;
  return Object.fromEntries(
    Object.entries(v as Record<string, unknown>)
      .filter(([k]) => !SECRET_KEYS.has(k))
      .map(([k, x]) => [storable(k), withoutSecrets(x)]),
  );
}

const text = (v: unknown) => (typeof v === "string" ? v : "");

export type Verified = { ok: true; event: IncomingEvent } | { ok: false; reason: string };

/**
 * Checks LiveKit's signature (a JWT signed with the project's API secret, issued by its key,
 * whose sha256 claim is the body's hash) and reads the event. Nothing unsigned gets through.
 */
export async function verifyWebhook(
  key: { apiKey: string; apiSecret: string },
  body: string,
  authorization: string | null,
): Promise<Verified> {
  if (!authorization) return { ok: false, reason: "no Authorization header" };
  let id: string;
  let createdAt: bigint;
  let numDropped: number;
  try {
    const e = await new WebhookReceiver(key.apiKey, key.apiSecret).receive(body, authorization);
    id = e.id;
    createdAt = e.createdAt;
    numDropped = e.numDropped;
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : "invalid signature" };
  }
  // The verified body, as LiveKit wrote it (protobuf JSON), minus secrets.
  const payload = withoutIngressUrl(withoutSecrets(JSON.parse(body)) as Record<string, unknown>);
  // An egress's stream URLs carry their keys and its request any storage credentials.
  if (payload.egressInfo) payload.egressInfo = redactEgressJson(payload.egressInfo);
  const room = (payload.room ?? {}) as Record<string, unknown>;
  const participant = (payload.participant ?? {}) as Record<string, unknown>;
  const egress = (payload.egressInfo ?? {}) as Record<string, unknown>;
  const ingress = (payload.ingressInfo ?? {}) as Record<string, unknown>;
  if (!id) return { ok: false, reason: "event has no id" };
  return {
    ok: true,
    event: {
      id,
      event: text(payload.event),
      // LiveKit stamps events in whole seconds; received order breaks ties.
      at: createdAt > 0n ? new Date(Number(createdAt) * 1000) : new Date(),
      roomSid: text(room.sid) || text(egress.roomId),
      roomName: text(room.name) || text(egress.roomName) || text(ingress.roomName),
      participantSid: text(participant.sid),
      participantIdentity: text(participant.identity),
      numDropped,
      payload,
    },
  };
}
