import "server-only";
import { AccessToken } from "livekit-server-sdk";
import type { LiveKitTarget } from "@/lib/config-schema";

/**
 * Long enough to join, no longer: once connected, LiveKit keeps the session alive (and hands
 * the client fresh tokens itself), so a copied token is useless within a minute.
 */
export const WATCH_TOKEN_TTL_SEC = 60;

/**
 * A token that lets the browser into one room as a hidden listener: it may subscribe and do
 * nothing else (no tracks, no data, no metadata), and other participants are not told of it.
 */
export async function watchToken(target: LiveKitTarget, room: string, identity: string) {
  const at = new AccessToken(target.apiKey, target.apiSecret, {
    identity,
    name: "Console (watching)",
    ttl: WATCH_TOKEN_TTL_SEC,
  });
  at.addGrant({
    roomJoin: true,
    room,
    hidden: true,
    canSubscribe: true,
    canPublish: false,
    canPublishData: false,
    canUpdateOwnMetadata: false,
  });
  return at.toJwt();
}
