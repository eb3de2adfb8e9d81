import { Room, RoomEvent, type DisconnectReason } from "@livekit/rtc-node";
import { joinToken } from "./sdk";

export type TestParticipant = {
  room: Room;
  /** Resolves with the reason LiveKit gave when it disconnected this participant. */
  disconnected: Promise<DisconnectReason | undefined>;
  leave: () => Promise<void>;
};

/** A real participant (rtc-node) joined to a room on a real livekit-server. */
export async function joinParticipant(
  wsUrl: string,
  roomName: string,
  identity: string,
  keys: { apiKey?: string; apiSecret?: string } = {},
): Promise<TestParticipant> {
  const room = new Room();
  const disconnected = new Promise<DisconnectReason | undefined>((resolve) =>
    room.once(RoomEvent.Disconnected, (reason) => resolve(reason)),
  );
  await room.connect(wsUrl, await joinToken(roomName, identity, keys.apiKey, keys.apiSecret), {
    autoSubscribe: false,
    dynacast: false,
  });
  return { room, disconnected, leave: () => room.disconnect() };
}
