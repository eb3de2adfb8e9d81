import { AccessToken, RoomServiceClient } from "livekit-server-sdk";
import { PORTS } from "./ports";

/** Direct SDK access for checking LiveKit's real state, independent of the console's code. */
export function sdk(port: number = PORTS.integration, apiKey = "devkey", apiSecret = "secret") {
  return new RoomServiceClient(`http://127.0.0.1:${port}`, apiKey, apiSecret);
}

export async function joinToken(
  room: string,
  identity: string,
  apiKey = "devkey",
  apiSecret = "secret",
) {
  const at = new AccessToken(apiKey, apiSecret, { identity, ttl: "10m" });
  at.addGrant({ roomJoin: true, room });
  return at.toJwt();
}

/** A room name no other test uses. */
export function uniqueRoom(prefix: string) {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}
