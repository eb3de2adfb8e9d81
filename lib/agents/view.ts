import type { AgentDispatch } from "livekit-server-sdk";

/** What an agent participant says it is doing (attribute lk.agent.state). */
export const AGENT_STATES = ["initializing", "listening", "thinking", "speaking"] as const;
export type AgentState = (typeof AGENT_STATES)[number] | "unknown";

/** The attributes LiveKit's agents framework sets on the participant it joins as. */
export const AGENT_NAME_ATTRIBUTE = "lk.agent.name";
export const AGENT_STATE_ATTRIBUTE = "lk.agent.state";

export type AgentInfo = { name: string; state: AgentState };

/** An agent participant's name and live state, from its attributes (undefined for others). */
export function agentOf(
  kind: string,
  attributes: Readonly<Record<string, string>> | undefined,
): AgentInfo | undefined {
  const name = attributes?.[AGENT_NAME_ATTRIBUTE];
  if (name === undefined && kind !== "agent") return undefined;
  const raw = attributes?.[AGENT_STATE_ATTRIBUTE];
  const state = (AGENT_STATES as readonly string[]).includes(raw ?? "")
    ? (raw as AgentState)
    : "unknown";
  return { name: name ?? "", state };
}

/** One agent dispatch of a room, as the browser sees it. */
export type DispatchView = {
  id: string;
  agentName: string;
  metadata: string;
  /** When LiveKit created it (0 when it did not say). */
  createdAtMs: number;
};

/**
 * LiveKit gives created_at in nanoseconds (v1.13: time.Now().UnixNano()); older servers and
 * the SDK's docs use seconds or milliseconds. Whatever the unit, this yields milliseconds.
 */
export function epochToMs(v: bigint): number {
  const n = Number(v);
  if (n <= 0) return 0;
  if (n > 1e17) return Math.round(n / 1e6);
  if (n > 1e14) return Math.round(n / 1e3);
  if (n > 1e11) return n;
  return n * 1000;
}

// Field by field: nothing upstream (jobs, room, bigints) reaches the browser by accident.
export const toDispatchView = (d: AgentDispatch): DispatchView => ({
  id: d.id,
  agentName: d.agentName,
  metadata: d.metadata,
  createdAtMs: epochToMs(d.state?.createdAt ?? BigInt(0)),
});
