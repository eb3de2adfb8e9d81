/** For people who do not work on telephony: the path of a phone call, in five steps. */
export function CallExplainer() {
  return (
    <details
      className="rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-700"
      open
    >
      <summary className="cursor-pointer font-medium text-slate-900">
        How a call reaches your agent
      </summary>
      <ol className="mt-3 list-decimal space-y-1.5 pl-5">
        <li>
          Someone dials one of your phone numbers. Your phone carrier sends the call over the
          internet to LiveKit&apos;s SIP service.
        </li>
        <li>
          An <strong>inbound trunk</strong> checks it: is it one of our numbers, from our carrier,
          with the right username and password? If not, the call is refused.
        </li>
        <li>
          A <strong>dispatch rule</strong> decides which room the caller joins: one shared room
          (direct), a room per caller (individual), or a room per number dialled (callee). It can
          ask for a PIN first.
        </li>
        <li>
          The caller joins that room as a participant of kind SIP, like anyone in a video call, only
          by phone.
        </li>
        <li>
          If the rule names an <strong>agent</strong>, LiveKit sends it into the same room, and the
          two talk. If no agent is named or none is running, the caller waits in an empty room.
        </li>
      </ol>
    </details>
  );
}
