import "server-only";
import type { AgentDispatchClient } from "livekit-server-sdk";
import type { LiveKitTarget } from "@/lib/config-schema";
import type { ReadBudget } from "@/lib/live/budget";
import { readRecently } from "@/lib/live/snapshots";
import { listDispatches } from "@/lib/agents/dispatches";
import { watchedDispatches } from "@/lib/agents/dispatch-poll";
import type { DispatchView } from "@/lib/agents/view";
import { ActionFailure } from "@/lib/procedures/failure";

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
  notOpen: NotOpen,
) {
  const watched = watchedDispatches(project, target, room);
  if (watched?.value && watched.fetchedAtMs !== undefined && readRecently(watched.fetchedAtMs)) {
    cache.set(room, { list: watched.value, atMs: watched.fetchedAtMs });
    return;
  }
  // A room no node hosts is answered only after LiveKit's 3 s wait (listDispatches): at four
  // reads at once, a few such rooms (listed while empty, waiting out their timeout) held every
  // scan for 10-16 s, and its period stretched with it. While nobody is in it, it is not asked
  // again for a minute; someone joining opens it, and it is read at the next scan.
  const since = notOpen.since.get(room);
  if (notOpen.nobodyIn && since !== undefined && Date.now() - since < NOT_OPEN_RETRY_MS) return;
  notOpen.since.delete(room);
  if (!budget.take()) return;
  try {
    cache.set(room, { list: await listDispatches(ads, room), atMs: Date.now() });
  } catch (e) {
    if (e instanceof ActionFailure && e.appError.code === "not_found")
      notOpen.since.set(room, Date.now());
    /* unread this time; the last copy (or none: no claim) stands */
  }
}

/** How long a room no node hosts, with nobody in it, goes without a dispatch read. */
export const NOT_OPEN_RETRY_MS = 60_000;

/** Rooms whose last dispatch read found no node hosting them (since when), and whether the room is empty now. */
export type NotOpen = { since: Map<string, number>; nobodyIn: boolean };
