import "server-only";
import { RoomServiceClient, SipClient } from "livekit-server-sdk";
import type { LiveKitTarget } from "@/lib/config-schema";
import { REQUEST_TIMEOUT_SEC } from "@/lib/livekit/timeout";

const clients = new Map<string, RoomServiceClient>();

/** The one RoomService client per LiveKit target; the secret stays in this process. */
export function roomService(target: LiveKitTarget): RoomServiceClient {
  const key = `${target.url}\u0000${target.apiKey}\u0000${target.apiSecret}`;
  let client = clients.get(key);
  if (!client) {
    client = new RoomServiceClient(target.url, target.apiKey, target.apiSecret, {
      requestTimeout: REQUEST_TIMEOUT_SEC,
    });
    clients.set(key, client);
  }
  return client;
}

const sipClients = new Map<string, SipClient>();

/** The one SIP client per LiveKit target (trunks, dispatch rules, calls). */
export function sipService(target: LiveKitTarget): SipClient {
  const key = `${target.url}\u0000${target.apiKey}\u0000${target.apiSecret}`;
  let client = sipClients.get(key);
  if (!client) {
    client = new SipClient(target.url, target.apiKey, target.apiSecret, {
      requestTimeout: REQUEST_TIMEOUT_SEC,
    });
    sipClients.set(key, client);
  }
  return client;
}
