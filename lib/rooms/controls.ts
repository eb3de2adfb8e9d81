import "server-only";
import { DataPacket_Kind, type RoomServiceClient } from "livekit-server-sdk";
import { ActionFailure } from "@/lib/procedures/failure";
import { toRoomDetailView, type RoomDetailView } from "@/lib/rooms/participant-view";

/** Room-wide controls: metadata and data messages to everyone in the room. */
const status = (e: unknown) => (e as { status?: number }).status;

export async function updateRoomMetadata(
  rs: RoomServiceClient,
  room: string,
  metadata: string,
): Promise<RoomDetailView> {
  try {
    return toRoomDetailView(await rs.updateRoomMetadata(room, metadata));
  } catch (e) {
    if (status(e) === 404)
      throw new ActionFailure({ code: "not_found", message: "The room no longer exists." });
    throw e;
  }
}

export async function sendData(
  rs: RoomServiceClient,
  room: string,
  topic: string,
  text: string,
): Promise<{ recipients: number }> {
  const participants = await rs.listParticipants(room);
  // LiveKit answers a send to an empty room only after seconds, with a vague 503.
  if (participants.length === 0) {
    throw new ActionFailure({
      code: "rejected",
      message: "No one is in the room to receive it, so nothing was sent.",
    });
  }
  await rs.sendData(room, new TextEncoder().encode(text), DataPacket_Kind.RELIABLE, {
    topic: topic || undefined,
  });
  return { recipients: participants.length };
}
