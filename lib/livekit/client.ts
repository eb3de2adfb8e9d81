import "server-only";
import {
  AgentDispatchClient,
  EgressClient,
  IngressClient,
  RoomServiceClient,
  SipClient,
} from "livekit-server-sdk";
import type { LiveKitTarget } from "@/lib/config-schema";
import { EGRESS_START_TIMEOUT_SEC, EGRESS_TIMEOUT_SEC } from "@/lib/egress/timeouts";
import { INGRESS_TIMEOUT_SEC, REQUEST_TIMEOUT_SEC } from "@/lib/livekit/timeout";

type ServiceClass<C> = new (
  url: string,
  apiKey: string,
  apiSecret: string,
  options: { requestTimeout: number },
) => C;

/**
 * One client of a LiveKit service per target, made on first use; the secret stays in this
 * process. A per-process cache only (a second copy of this module makes its own clients).
 */
function perTarget<C>(
  Service: ServiceClass<C>,
  timeoutSec = REQUEST_TIMEOUT_SEC,
): (target: LiveKitTarget) => C {
  const clients = new Map<string, C>();
  return (target) => {
    const key = `${target.url}\u0000${target.apiKey}\u0000${target.apiSecret}`;
    let client = clients.get(key);
    if (!client) {
      client = new Service(target.url, target.apiKey, target.apiSecret, {
        requestTimeout: timeoutSec,
      });
      clients.set(key, client);
    }
    return client;
  };
}

/** Rooms and participants. */
export const roomService = perTarget(RoomServiceClient);
/** SIP: trunks, dispatch rules, calls. */
export const sipService = perTarget(SipClient);
/** Agent dispatches of rooms. */
export const agentDispatch = perTarget(AgentDispatchClient);
/** Egress: list, stop, update (LiveKit answers a stop of an unknown id only after ~3 s). */
export const egressService = perTarget(EgressClient, EGRESS_TIMEOUT_SEC);
/** Egress starts: with no egress worker LiveKit answers only after ~22 s (see timeouts.ts). */
export const egressStarts = perTarget(EgressClient, EGRESS_START_TIMEOUT_SEC);
/** Incoming streams (RTMP, WHIP, URL inputs); slower answers are expected, see timeout.ts. */
export const ingressService = perTarget(IngressClient, INGRESS_TIMEOUT_SEC);
