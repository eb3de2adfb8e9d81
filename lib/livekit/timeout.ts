import "server-only";

/** Seconds before a RoomService call is abandoned, so a hung server shows as "slow", not a spinner. */
export const REQUEST_TIMEOUT_SEC = 5;

/**
 * ListRooms of every room takes LiveKit time in proportion to the rooms it holds: measured on
 * a 2-core VM with livekit-server v1.13.5, ~0.6 s at 10,000 rooms (7.5 MB of JSON) and
 * 4.9–5.5 s at 42,825 (32 MB), ~0.12 ms a room, so ~12 s at 100,000. A fixed 5 s ended every
 * list past ~40,000 rooms, and the rooms never showed. Its timeout is allowed 0.5 ms a room
 * of the last list (four times that pace; 50 s at 100,000, where a list and its parse took
 * 16–23 s with 50 tabs open), never under the 5 s of other calls,
 * and doubles after each failed list in a row (a list that has outgrown its timeout, or the
 * first list of a big server, is still read), up to 60 s. A hung LiveKit holding a few
 * thousand rooms still shows as stale after 5 s.
 */
const LIST_MS_PER_ROOM = 0.5;
export const LIST_ROOMS_MAX_TIMEOUT_SEC = 60;

/** Seconds the next ListRooms of every room may take, given the last list's size. */
export function listRoomsTimeoutSec(lastCount: number, failuresInARow: number): number {
  const bySize = Math.ceil((lastCount * LIST_MS_PER_ROOM) / 1000);
  return Math.min(
    LIST_ROOMS_MAX_TIMEOUT_SEC,
    Math.max(REQUEST_TIMEOUT_SEC, bySize) * 2 ** Math.min(failuresInARow, 4),
  );
}

/**
 * Ingress calls that need livekit/ingress (a URL pull; an update or delete of a live stream)
 * wait 3 s for it in LiveKit v1.13 before answering, with or without one: 10 s leaves a worker
 * that is slow to start a pull room to answer, and still ends a hung call.
 */
export const INGRESS_TIMEOUT_SEC = 10;
