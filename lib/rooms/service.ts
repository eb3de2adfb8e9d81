import "server-only";
import { visibleName } from "@/lib/rooms/room-name";
import { RoomAgentDispatch, type RoomServiceClient } from "livekit-server-sdk";
import { toRoomView, type DeleteImpact, type RoomView } from "@/lib/rooms/view";
import type { CreateRoomValues } from "@/lib/rooms/schema";
import { ActionFailure } from "@/lib/procedures/failure";
import { plural } from "@/lib/format";

export async function listRooms(rs: RoomServiceClient): Promise<RoomView[]> {
  const rooms = await rs.listRooms();
  return rooms.map((r) => toRoomView(r));
}

export async function findRoom(rs: RoomServiceClient, name: string) {
  const [room] = await rs.listRooms([name]);
  return room;
}

/**
 * CreateRoom is an upsert on the server: it silently rewrites an existing room's settings.
 * Look first and refuse. (A create racing ours between the two calls can still win; LiveKit
 * offers no create-if-absent.)
 */
export async function createRoom(rs: RoomServiceClient, v: CreateRoomValues): Promise<RoomView> {
  if (await findRoom(rs, v.name)) {
    throw new ActionFailure({
      code: "already_exists",
      message: `A room named "${v.name}" already exists.`,
      fieldErrors: { name: [`A room named "${v.name}" already exists`] },
    });
  }
  const room = await rs.createRoom({
    name: v.name,
    emptyTimeout: v.emptyTimeout,
    departureTimeout: v.departureTimeout,
    maxParticipants: v.maxParticipants,
    metadata: v.metadata,
    minPlayoutDelay: v.minPlayoutDelay,
    maxPlayoutDelay: v.maxPlayoutDelay,
    syncStreams: v.syncStreams,
    agents: v.agents?.map((agentName) => new RoomAgentDispatch({ agentName })),
  });
  return toRoomView(room);
}

const SAMPLE_SIZE = 5;

/** The live consequence of deleting a room, read when the dialog opens and again on confirm. */
export async function deleteImpact(rs: RoomServiceClient, name: string): Promise<DeleteImpact> {
  const room = await findRoom(rs, name);
  if (!room) return { exists: false };
  // Room.numParticipants lags joins by seconds; the participant list is authoritative.
  const participants = await rs.listParticipants(name);
  return {
    exists: true,
    participants: participants.length,
    sampleIdentities: participants.slice(0, SAMPLE_SIZE).map((p) => p.identity),
    activeRecording: room.activeRecording,
  };
}

export type DeleteOutcome =
  { status: "deleted"; disconnected: number } | { status: "already_closed" };

export async function deleteRoom(
  rs: RoomServiceClient,
  input: { name: string; confirmedParticipants: number; typedName?: string },
): Promise<DeleteOutcome> {
  const impact = await deleteImpact(rs, input.name);
  if (!impact.exists) return { status: "already_closed" };
  if (impact.participants > input.confirmedParticipants) {
    // Someone joined after the operator read the warning: ask again rather than surprise them.
    throw new ActionFailure({
      code: "impact_changed",
      message: `${plural(impact.participants, "participant")} ${impact.participants === 1 ? "is" : "are"} in the room now (you confirmed ${input.confirmedParticipants}). Review and confirm again.`,
    });
  }
  // A name with invisible characters is confirmed by typing what the dialog shows.
  const typed = input.typedName;
  if (impact.participants > 0 && typed !== input.name && typed !== visibleName(input.name)) {
    throw new ActionFailure({
      code: "invalid_input",
      message: "Type the room name to confirm disconnecting its participants.",
      fieldErrors: { typedName: ["Type the room name exactly to confirm"] },
    });
  }
  try {
    await rs.deleteRoom(input.name);
  } catch (e) {
    if ((e as { status?: number }).status === 404) return { status: "already_closed" };
    throw e;
  }
  return { status: "deleted", disconnected: impact.participants };
}
