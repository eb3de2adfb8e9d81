import "server-only";
import type { AgentDispatchClient } from "livekit-server-sdk";
import type { LiveKitTarget } from "@/lib/config-schema";
import type { ReadBudget } from "@/lib/live/budget";
import { LIVE_INTERVAL_MS } from "@/lib/live/snapshots";
import { listDispatches } from "@/lib/agents/dispatches";
import { watchedDispatches } from "@/lib/agents/dispatch-poll";
import type { DispatchView } from "@/lib/agents/view";

export type DispatchRead = { list: DispatchView[]; atMs: number };

/**
 * The dispatches Needs attention judges a room by, read only for a room whose participants the
 * scan reads this time: so at most ATTENTION_PARTICIPANT_READS rooms per 5 s scan (young rooms
 * each scan, older ones once a minute), never every room every interval. A room open on
 * someone's page is served from that page's shared snapshot (no read at all); any other read
 * takes a token of the project's ReadBudget (LIVEKIT_READS_PER_SECOND) like the participant
 * read before it, and without one the last copy stands.
 */
export async function readDispatchesFor(
  cache: Map<string, DispatchRead>,
  project: string,
  target: LiveKitTarget,
  ads: AgentDispatchClient,
  room: string,
  budget: ReadBudget,
) {
  const watched = watchedDispatches(project, target, room);
  if (
    watched?.value &&
    watched.fetchedAtMs !== undefined &&
    Date.now() - watched.fetchedAtMs < 2 * LIVE_INTERVAL_MS
  ) {
    cache.set(room, { list: watched.value, atMs: watched.fetchedAtMs });
    return;
  }
  if (!budget.take()) return;
  try {
    cache.set(room, { list: await listDispatches(ads, room), atMs: Date.now() });
  } catch {
    /* unread this time; the last copy (or none: no claim) stands */
  }
}
