import "server-only";
import type { RoomView } from "@/lib/rooms/view";

/** What a room list says of a room that matters before deleting it. */
type Occupancy = Pick<RoomView, "numParticipants" | "numPublishers" | "activeRecording">;

/**
 * LiveKit lists the room with nobody in it, nobody publishing and no recording. Its participant
 * count leaves agents and recorders out, but it counts them among the publishers (an agent that
 * speaks) and flags a recording. Alone this cannot show an agent that publishes nothing, nor
 * for up to 5 s a join into a room whose counts changed in the 5 s before (LiveKit refreshes a
 * room's counts at once when they had been still, at most every 5 s otherwise): see provenEmpty.
 */
export const listedEmpty = (r: Occupancy) =>
  r.numParticipants === 0 && r.numPublishers === 0 && !r.activeRecording;

/**
 * Who is in each room by LiveKit's webhooks (History: joins minus leaves, agents included), by
 * room sid, for the rooms history has followed since they started; the others are left out.
 */
export type PresenceOf = (sids: string[]) => Promise<Map<string, number>>;

/**
 * The rooms (by name) nobody can be disconnected from, so their participants are not listed one
 * room at a time: LiveKit lists them empty (listedEmpty) and its webhooks, followed since the
 * room started, left nobody in them (which sees an agent that publishes nothing, and a join
 * LiveKit's count has not shown yet). Without webhooks for a room (not configured, or the room
 * started before they were), nothing is proven and every room is counted live.
 */
export async function provenEmpty(
  rooms: Iterable<RoomView>,
  presence: PresenceOf | undefined,
): Promise<Set<string>> {
  const candidates = [...rooms].filter(listedEmpty);
  if (!presence || candidates.length === 0) return new Set();
  const present = await presence(candidates.map((r) => r.sid)).catch(() => new Map());
  return new Set(candidates.filter((r) => present.get(r.sid) === 0).map((r) => r.name));
}
