import "server-only";
import type { RoomServiceClient } from "livekit-server-sdk";
import {
  observe,
  reasonsFor,
  type AttentionConfig,
  type AttentionRoom,
  type Observation,
} from "@/lib/rooms/attention";
import { toParticipantView, type ParticipantView } from "@/lib/rooms/participant-view";
import { toRoomView } from "@/lib/rooms/view";
import { forEachLimited } from "@/lib/concurrency";

const KEY = Symbol.for("livekit-admin.observations");
type Holder = { [KEY]?: Map<string, Observation> };
const observations = (): Map<string, Observation> =>
  ((globalThis as Holder)[KEY] ??= new Map<string, Observation>());
const obsKey = (project: string, name: string) => `${project}\u0000${name}`;

/** Remembers that deleting a room failed while LiveKit still lists it. */
export function markGhost(project: string, name: string, why: string) {
  const m = observations();
  const k = obsKey(project, name);
  m.set(k, { ...(m.get(k) ?? { firstSeenMs: Date.now() }), ghost: why });
}

const SCAN_CONCURRENCY = 16;

/**
 * Every room with the reasons it looks stuck. Each room's participants are read live: the
 * room's own count lags joins by seconds, and a wrong "empty" would invite a wrong delete.
 */
export async function scanAttention(
  rs: RoomServiceClient,
  project: string,
  cfg: AttentionConfig,
  nowMs = Date.now(),
): Promise<AttentionRoom[]> {
  const rooms = (await rs.listRooms()).map((r) => toRoomView(r));
  const people = new Map<string, ParticipantView[]>();
  await forEachLimited(rooms, SCAN_CONCURRENCY, async (r) => {
    try {
      people.set(r.name, (await rs.listParticipants(r.name)).map(toParticipantView));
    } catch {
      people.set(r.name, []);
    }
  });
  const m = observations();
  const live = new Set<string>();
  const out = rooms.map((r) => {
    const k = obsKey(project, r.name);
    live.add(k);
    const ps = people.get(r.name) ?? [];
    const prev = m.get(k);
    const obs = people.has(r.name) ? observe(prev, ps, nowMs) : (prev ?? { firstSeenMs: nowMs });
    m.set(k, obs);
    return {
      ...r,
      participants: people.has(r.name) ? ps.length : r.numParticipants,
      reasons: reasonsFor(r, ps, obs, cfg, nowMs),
    };
  });
  // Forget rooms that are gone, so a reused name starts afresh.
  for (const k of m.keys()) if (k.startsWith(`${project}\u0000`) && !live.has(k)) m.delete(k);
  return out;
}
