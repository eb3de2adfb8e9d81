import "server-only";
import type { Room, RoomServiceClient } from "livekit-server-sdk";
import { forEachLimited } from "@/lib/concurrency";
import type { Snapshot } from "@/lib/live/shared-poll";
import { readRecently } from "@/lib/live/snapshots";
import { toRoomView, type RoomView } from "@/lib/rooms/view";

/** Names per ListRooms when rooms are read by name. */
const NAMES_PER_LIST = 500;

/** Lists read at once when rooms are read by name (1,000 names are two lists, side by side). */
const LISTS_AT_ONCE = 2;

/**
 * Asked for at least this share of the rooms LiveKit holds (and more than one list's worth),
 * the whole list is read once instead. LiveKit without Redis finds rooms by name by comparing
 * every room it holds with every name asked (its LocalStore), so lists by name cost rooms ×
 * names: 10,000 names among 10,000 rooms took 6.2 s of lists by name here (bench:bulk-delete,
 * which previews beyond the console's 5,000 a job). The whole list costs the rooms held: with
 * Redis (where names cost only themselves) at most 1 / WHOLE_LIST_SHARE times the rooms asked,
 * when the count it is judged by is current.
 */
const WHOLE_LIST_SHARE = 1 / 4;

/**
 * The rooms of these names that LiveKit lists: by name (a few ListRooms of names at once), or
 * from one whole list when the names are at least a quarter of the rooms LiveKit holds
 * (`roomsHeld`, from the project's latest room list; unknown, rooms are read by name). A whole
 * list that fails (too long for the request's timeout, say) is followed by lists by name.
 */
export async function listByName(
  rs: RoomServiceClient,
  names: string[],
  roomsHeld?: number,
): Promise<Map<string, RoomView>> {
  const wanted = new Set(names);
  const out = new Map<string, RoomView>();
  // Only the names asked, exactly: LiveKit may answer a name it decoded differently (a lone
  // surrogate arrives as U+FFFD) with another room.
  const keep = (rooms: Room[]) => {
    for (const r of rooms) if (wanted.has(r.name)) out.set(r.name, toRoomView(r));
  };
  if (wholeListCheaper(names.length, roomsHeld)) {
    const all = await rs.listRooms().catch(() => undefined);
    if (all) {
      keep(all);
      return out;
    }
  }
  const chunks: string[][] = [];
  for (let i = 0; i < names.length; i += NAMES_PER_LIST)
    chunks.push(names.slice(i, i + NAMES_PER_LIST));
  const lists: Room[][] = [];
  await forEachLimited(chunks, LISTS_AT_ONCE, async (chunk, i) => {
    lists[i] = await rs.listRooms(chunk);
  });
  for (const list of lists) keep(list);
  return out;
}

/** Whether one whole ListRooms serves `asked` names better than lists by name. */
export function wholeListCheaper(asked: number, roomsHeld: number | undefined): boolean {
  return roomsHeld !== undefined && asked > NAMES_PER_LIST && asked >= roomsHeld * WHOLE_LIST_SHARE;
}

/**
 * How many rooms LiveKit holds, by the project's room list, when that list is current: read in
 * the last two intervals and not failed since. A list kept after failures, or by a poll nobody
 * reads any more, says nothing of now (and rooms are then read by name).
 */
export function roomsHeldBy(snap: Snapshot<RoomView[]>, nowMs = Date.now()): number | undefined {
  return snap.error === undefined && readRecently(snap.fetchedAtMs, nowMs)
    ? snap.value?.length
    : undefined;
}
