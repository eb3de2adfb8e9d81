import "server-only";
import type { RoomServiceClient } from "livekit-server-sdk";
import { forEachLimited } from "@/lib/concurrency";
import { budgetedReads, type ReadBudget } from "@/lib/live/budget";
import { listByName } from "@/lib/rooms/bulk/list-by-name";
import { provenEmpty, type PresenceOf } from "@/lib/rooms/bulk/proven-empty";
import type { BulkPreview } from "@/lib/rooms/bulk/types";

/**
 * Totals for the preview dialog, from rooms listed now (listByName): which rooms exist and
 * record, and who would be disconnected. Rooms proven empty (provenEmpty) count 0; the others
 * are counted live, room by room, agents included: LiveKit's own participant count leaves
 * agents out (an agent-only room, the very room on-call clears, lists 0 participants), and this
 * is the number the operator confirms. Every read (each ListRooms, each room's
 * ListParticipants) waits for a token of the project's read budget: a preview of 300 rooms
 * made 352 reads in 3.6 s before, above LIVEKIT_READS_PER_SECOND, for any viewer.
 */
export async function previewBulk(
  lk: RoomServiceClient,
  names: string[],
  opts: {
    concurrency: number;
    confirmAbove: number;
    budget: ReadBudget;
    presence?: PresenceOf;
    /** How many rooms LiveKit holds, from the project's latest list (see listByName). */
    roomsHeld?: number;
  },
): Promise<BulkPreview> {
  const rs = budgetedReads(lk, opts.budget);
  const listed = await listByName(rs, names, opts.roomsHeld);
  const empty = await provenEmpty(listed.values(), opts.presence);
  let participants = 0;
  const toCount = [...listed.keys()].filter((name) => !empty.has(name));
  await forEachLimited(toCount, opts.concurrency, async (name) => {
    // Await first: `participants += await …` would read the total before the await.
    const here = (await rs.listParticipants(name).catch(() => [])).length;
    participants += here;
  });
  const { confirmAbove } = opts;
  return {
    rooms: names.length,
    participants,
    recording: [...listed.values()].filter((r) => r.activeRecording).map((r) => r.name),
    missing: names.filter((n) => !listed.has(n)),
    confirmAbove,
  };
}
