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
