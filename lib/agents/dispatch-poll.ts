import "server-only";
import type { AgentDispatchClient } from "livekit-server-sdk";
import type { LiveKitTarget } from "@/lib/config-schema";
import { LIVE_INTERVAL_MS, readBudget } from "@/lib/live/snapshots";
import { SharedPoll } from "@/lib/live/shared-poll";
import { processSingleton } from "@/lib/process-singleton";
import { listDispatches } from "@/lib/agents/dispatches";
import type { DispatchView } from "@/lib/agents/view";

const IDLE_MS = 30_000;
type Polls = Map<string, SharedPoll<DispatchView[]>>;
const polls = (): Polls => processSingleton("dispatches", (): Polls => new Map());

const keyOf = (project: string, t: LiveKitTarget, room: string) =>
  `${project}\u0000${t.url}\u0000${t.apiKey}\u0000${t.apiSecret}\u0000${room}`;

/**
 * A room's agent dispatches, as its participants are read (roomDetailPoll): one ListDispatch
 * per interval shared by every tab on the room's page, each read paid from the project's
 * read budget, and nothing read once nobody has looked for IDLE_MS.
 */
export function dispatchesPoll(
  project: string,
  target: LiveKitTarget,
  ads: AgentDispatchClient,
  room: string,
): SharedPoll<DispatchView[]> {
  const all = polls();
  const k = keyOf(project, target, room);
  let p = all.get(k);
  if (!p) {
    const budget = readBudget(project, target);
    p = new SharedPoll({
      label: `agent dispatches of room ${JSON.stringify(room)} of ${project}`,
      intervalMs: LIVE_INTERVAL_MS,
      idleMs: IDLE_MS,
      fetch: () => listDispatches(ads, room),
      admit: () => budget.take(),
      onIdle: () => all.delete(k),
    });
    all.set(k, p);
  }
  return p;
}

/** The copy a room page shows now, without reading (the attention scan reuses it). */
export function watchedDispatches(project: string, target: LiveKitTarget, room: string) {
  return polls()
    .get(keyOf(project, target, room))
    ?.snapshot();
}

/** After a dispatch changed through the console: the room's poll reads again now. */
export async function afterDispatchChange(project: string, target: LiveKitTarget, room: string) {
  await polls()
    .get(keyOf(project, target, room))
    ?.invalidate();
}
