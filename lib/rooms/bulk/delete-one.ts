import "server-only";
import type { RoomServiceClient } from "livekit-server-sdk";
import type { BulkItem } from "@/lib/rooms/bulk/types";

const status = (e: unknown) => (e as { status?: number }).status;

/**
 * What a list read right before a delete says of the room (FreshLists): not listed (already
 * closed: nothing is deleted, so a new room of the same name is never touched), proven empty,
 * or anything else (counted live).
 */
export type Listed = "gone" | "empty" | "count";

/**
 * Deletes one room and says exactly what happened. "deleted" only when LiveKit's DeleteRoom
 * succeeded; a refusal for a room LiveKit still lists is a ghost, not a success.
 */
export async function deleteOne(
  rs: RoomServiceClient,
  name: string,
  describe: (e: unknown) => string,
  listed: Listed = "count",
): Promise<BulkItem> {
  if (listed === "gone") return { name, status: "already_closed", disconnected: 0 };
  let disconnected = 0;
  // Counted live, right before the delete: whoever is in the room now, agents included, and
  // whoever joined after the warning. LiveKit's room counts lag and leave agents out.
  if (listed === "count") {
    try {
      disconnected = (await rs.listParticipants(name)).length;
    } catch {
      /* counted as 0; the delete below decides */
    }
  }
  try {
    await rs.deleteRoom(name);
    return { name, status: "deleted", disconnected };
  } catch (e) {
    const code = status(e);
    if (code === 404 || code === 503) {
      const stillListed = (await rs.listRooms([name]).catch(() => [])).length > 0;
      if (!stillListed) return { name, status: "already_closed", disconnected: 0 };
      return {
        name,
        status: "ghost",
        disconnected: 0,
        message: code === 404 ? "LiveKit says it does not exist" : "no node answers for it",
      };
    }
    return { name, status: "failed", disconnected: 0, message: describe(e) };
  }
}
