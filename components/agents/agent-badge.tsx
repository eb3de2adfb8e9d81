import type { AgentInfo } from "@/lib/agents/view";

const STATE_STYLE: Record<string, string> = {
  initializing: "bg-slate-100 text-slate-700",
  listening: "bg-sky-100 text-sky-800",
  thinking: "bg-amber-100 text-amber-800",
  speaking: "bg-emerald-100 text-emerald-800",
};

/** An agent participant's name and live state (its lk.agent.* attributes). */
export function AgentBadge({ agent }: { agent: AgentInfo }) {
  return (
    <div className="mt-1 flex flex-wrap items-center gap-1 text-xs" data-agent={agent.name}>
      <span className="text-slate-600" title="Attribute lk.agent.name">
        {agent.name || "unnamed agent"}
      </span>
      <span
        className={`rounded-full px-2 py-0.5 font-medium ${STATE_STYLE[agent.state] ?? "bg-slate-100 text-slate-500"}`}
        title="Attribute lk.agent.state"
        data-agent-state={agent.state}
      >
        {agent.state === "unknown" ? "state not reported" : agent.state}
      </span>
    </div>
  );
}
