import "server-only";
import type { Room, RoomServiceClient } from "livekit-server-sdk";
import { forEachLimited } from "@/lib/concurrency";
import { toRoomView, type RoomView } from "@/lib/rooms/view";

/** Names per ListRooms when rooms are read by name. */
const NAMES_PER_LIST = 500;

/** Lists read at once when rooms are read by name (a preview of 1,000 rooms reads two). */
const LISTS_AT_ONCE = 2;

/**
 * Asked for at least this share of the rooms LiveKit holds (and more than one list's worth),
 * the whole list is read once instead. LiveKit without Redis finds rooms by name by comparing
 * every room it holds with every name asked (its LocalStore), so lists by name cost rooms ×
 * names: a preview of 10,000 of 10,000 rooms took 6.2 s of lists by name here. The whole list
 * costs rooms, and with Redis (where names cost only themselves) at most 1 / WHOLE_LIST_SHARE
 * times the rooms asked for.
 */
const WHOLE_LIST_SHARE = 1 / 4;

/**
 * The rooms of these names that LiveKit lists, by name (a few ListRooms of names at once), or
 * from one whole list when they are most of the rooms LiveKit holds (`roomsHeld`: the
 * project's latest room list says how many; unknown, rooms are read by name).
 */
export async function listByName(
  rs: RoomServiceClient,
  names: string[],
  roomsHeld?: number,
): Promise<Map<string, RoomView>> {
  const out = new Map<string, RoomView>();
  if (wholeListCheaper(names.length, roomsHeld)) {
    const wanted = new Set(names);
    for (const r of await rs.listRooms()) if (wanted.has(r.name)) out.set(r.name, toRoomView(r));
    return out;
  }
  const chunks: string[][] = [];
  for (let i = 0; i < names.length; i += NAMES_PER_LIST)
    chunks.push(names.slice(i, i + NAMES_PER_LIST));
  const lists: Room[][] = [];
  await forEachLimited(chunks, LISTS_AT_ONCE, async (chunk, i) => {
    lists[i] = await rs.listRooms(chunk);
  });
  for (const list of lists) for (const r of list) out.set(r.name, toRoomView(r));
  return out;
}

/** Whether one whole ListRooms serves `asked` names better than lists by name. */
export function wholeListCheaper(asked: number, roomsHeld: number | undefined): boolean {
  return roomsHeld !== undefined && asked > NAMES_PER_LIST && asked >= roomsHeld * WHOLE_LIST_SHARE;
}
