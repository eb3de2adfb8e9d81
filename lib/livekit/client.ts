import "server-only";
import { AgentDispatchClient, RoomServiceClient } from "livekit-server-sdk";
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

const dispatchClients = new Map<string, AgentDispatchClient>();

/** The one AgentDispatch client per LiveKit target (agent dispatches of rooms). */
export function agentDispatch(target: LiveKitTarget): AgentDispatchClient {
  const key = `${target.url}\u0000${target.apiKey}\u0000${target.apiSecret}`;
  let client = dispatchClients.get(key);
  if (!client) {
    client = new AgentDispatchClient(target.url, target.apiKey, target.apiSecret, {
      requestTimeout: REQUEST_TIMEOUT_SEC,
    });
    dispatchClients.set(key, client);
  }
  return client;
}
