import "server-only";
import type { Room, RoomServiceClient } from "livekit-server-sdk";
import { forEachLimited } from "@/lib/concurrency";
import { toRoomView, type RoomView } from "@/lib/rooms/view";

/** Names per ListRooms when rooms are read by name. */
const NAMES_PER_LIST = 500;

/** Lists read at once when rooms are read by name (a preview of 1,000 rooms reads two). */
const LISTS_AT_ONCE = 2;

/** The rooms of these names that LiveKit lists, by name (a few ListRooms of names at once). */
export async function listByName(
  rs: RoomServiceClient,
  names: string[],
): Promise<Map<string, RoomView>> {
  const chunks: string[][] = [];
  for (let i = 0; i < names.length; i += NAMES_PER_LIST)
    chunks.push(names.slice(i, i + NAMES_PER_LIST));
  const lists: Room[][] = [];
  await forEachLimited(chunks, LISTS_AT_ONCE, async (chunk, i) => {
    lists[i] = await rs.listRooms(chunk);
  });
  const out = new Map<string, RoomView>();
  for (const list of lists) for (const r of list) out.set(r.name, toRoomView(r));
  return out;
}
