import type { RoomDetail } from "@/lib/rooms/participants";

/** What LiveKit's SIP service says about a phone participant, from its `sip.*` attributes. */
export type SipFacts = {
  /** "dialing", "ringing", "active", "hangup", "automation" (LiveKit's words). */
  callStatus: string;
  phoneNumber: string;
  trunkId: string;
  ruleId: string;
};

export function sipFactsOf(attributes: Record<string, string>): SipFacts | undefined {
  const a = (k: string) => attributes[`sip.${k}`] ?? "";
  const facts = {
    callStatus: a("callStatus"),
    phoneNumber: a("phoneNumber"),
    trunkId: a("trunkID"),
    ruleId: a("ruleID"),
  };
  return Object.values(facts).some(Boolean) ? facts : undefined;
}

/** "+15551234567" → "+1555•••4567": enough to tell calls apart, not to call back. */
export function maskNumber(n: string): string {
  if (n.length <= 6) return "•".repeat(n.length);
  return `${n.slice(0, 5)}${"•".repeat(Math.max(3, n.length - 9))}${n.slice(-4)}`;
}

/** A room as a viewer sees it: callers' numbers partly masked. */
export function maskCallers(d: RoomDetail): RoomDetail {
  if (!d.exists) return d;
  return {
    ...d,
    participants: d.participants.map((p) =>
      p.sip ? { ...p, sip: { ...p.sip, phoneNumber: maskNumber(p.sip.phoneNumber) } } : p,
    ),
  };
}
