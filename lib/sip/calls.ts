import "server-only";
import type { SipClient } from "livekit-server-sdk";
import type { PlaceCallInput } from "@/lib/sip/call-schema";
import type { CallPlaced } from "@/lib/sip/view";

/**
 * Seconds CreateSIPParticipant may take when it does not wait for an answer: the SIP service
 * answers at once, and LiveKit says within about a second when no SIP service is listening.
 * (The SDK's default would hold the operator's form for 10 s.)
 */
export const CALL_START_TIMEOUT_SEC = 5;
/** Beyond the ringing timeout, while waiting for an answer: the SIP service's own reply time. */
const ANSWER_GRACE_SEC = 5;
/** A transfer waits for the far end to accept the REFER. */
export const TRANSFER_RINGING_SEC = 20;

export async function placeCall(sip: SipClient, i: PlaceCallInput): Promise<CallPlaced> {
  const started = performance.now();
  const info = await sip.createSipParticipant(i.trunkId, i.number, i.room, {
    participantIdentity: i.identity || undefined,
    waitUntilAnswered: i.waitUntilAnswered,
    ringingTimeout: i.ringingTimeoutSec,
    maxCallDuration: i.maxDurationSec,
    dtmf: i.dtmf || undefined,
    playDialtone: i.playDialtone,
    timeout: i.waitUntilAnswered ? i.ringingTimeoutSec + ANSWER_GRACE_SEC : CALL_START_TIMEOUT_SEC,
  });
  return {
    room: info.roomName,
    identity: info.participantIdentity,
    sipCallId: info.sipCallId,
    answered: i.waitUntilAnswered,
    tookMs: Math.round(performance.now() - started),
  };
}

export async function transferCall(
  sip: SipClient,
  room: string,
  identity: string,
  transferTo: string,
): Promise<{ transferredTo: string }> {
  await sip.transferSipParticipant(room, identity, transferTo, {
    ringingTimeout: TRANSFER_RINGING_SEC,
    timeout: TRANSFER_RINGING_SEC + ANSWER_GRACE_SEC,
  });
  return { transferredTo: transferTo };
}
