import "server-only";
import type { DispatchView } from "@/lib/agents/view";
import type { Reason } from "@/lib/rooms/attention";
import type { ParticipantView } from "@/lib/rooms/participant-view";

/**
 * "Agent dispatched N s ago and never joined": a named dispatch older than `limitSec` whose
 * agent is not in the room and was never seen in it (an agent that came and left did join).
 * The automatic dispatch LiveKit adds to rooms created without agents (name "") is left out:
 * most deployments run no worker without a name, and every such room would be flagged.
 * Nothing is claimed without a current participant list.
 */
export function agentReasons(
  dispatches: DispatchView[] | undefined,
  people: ParticipantView[] | undefined,
  seen: ReadonlySet<string> | undefined,
  limitSec: number,
  nowMs: number,
): Reason[] {
  if (!dispatches || !people) return [];
  const here = new Set(people.flatMap((p) => (p.agent ? [p.agent.name] : [])));
  return dispatches
    .filter(
      (d) =>
        d.agentName !== "" &&
        d.createdAtMs > 0 &&
        nowMs - d.createdAtMs > limitSec * 1000 &&
        !here.has(d.agentName) &&
        !seen?.has(d.agentName),
    )
    .map((d) => ({
      code: "agent_not_joined",
      agent: d.agentName,
      dispatchedAtMs: d.createdAtMs,
      limitSec,
    }));
}
