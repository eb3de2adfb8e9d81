import type { SipFacts } from "@/lib/sip/participant-facts";

const STATUS: Record<string, string> = {
  dialing: "Dialling",
  ringing: "Ringing",
  active: "In call",
  hangup: "Hung up",
  automation: "Automated",
};

/** A phone participant's call, under its kind badge on the room page. */
export function SipCallFacts({ facts }: { facts: SipFacts }) {
  return (
    <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-2 text-xs text-slate-600" data-sip-facts>
      <dt>Call</dt>
      <dd className="font-medium text-slate-800">
        {STATUS[facts.callStatus] ?? (facts.callStatus || "—")}
      </dd>
      <dt>Number</dt>
      <dd className="font-mono">{facts.phoneNumber || "hidden"}</dd>
      {facts.trunkId && (
        <>
          <dt>Trunk</dt>
          <dd className="font-mono">{facts.trunkId}</dd>
        </>
      )}
      {facts.ruleId && (
        <>
          <dt>Rule</dt>
          <dd className="font-mono">{facts.ruleId}</dd>
        </>
      )}
    </dl>
  );
}
