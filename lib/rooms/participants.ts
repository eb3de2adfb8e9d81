import "server-only";
import type { RoomServiceClient } from "livekit-server-sdk";
import { ActionFailure } from "@/lib/procedures/failure";
import {
  toParticipantView,
  toRoomDetailView,
  toTrackView,
  type ParticipantView,
  type RoomDetailView,
  type TrackView,
} from "@/lib/rooms/participant-view";
import type { ParticipantForm } from "@/lib/rooms/control-schema";
import { findRoom } from "@/lib/rooms/service";
import { isWatcher } from "@/lib/watch/identity";

export type RoomDetail =
  { exists: false } | { exists: true; room: RoomDetailView; participants: ParticipantView[] };

export async function roomDetail(rs: RoomServiceClient, name: string): Promise<RoomDetail> {
  const room = await findRoom(rs, name);
  if (!room) return { exists: false };
  const participants = await rs.listParticipants(name);
  return {
    exists: true,
    room: toRoomDetailView(room),
    // LiveKit lists hidden participants too: the console's own watchers are not the room's people.
    participants: participants
      .filter((p) => !isWatcher(p))
      .map(toParticipantView)
      .sort((a, b) => a.joinedAtMs - b.joinedAtMs),
  };
}

const status = (e: unknown) => (e as { status?: number }).status;

/** Runs a call on one participant; a 404 means they (or the room) are gone, said plainly. */
async function onParticipant<T>(identity: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (status(e) === 404) {
      throw new ActionFailure({
        code: "not_found",
        message: `${identity} is no longer in the room.`,
      });
    }
    throw e;
  }
}

export type RemoveOutcome = { status: "removed" } | { status: "already_left" };

export async function removeParticipant(
  rs: RoomServiceClient,
  room: string,
  identity: string,
): Promise<RemoveOutcome> {
  try {
    await rs.removeParticipant(room, identity);
    return { status: "removed" };
  } catch (e) {
    if (status(e) === 404) return { status: "already_left" };
    throw e;
  }
}

/**
 * Muting is done by the server at once; unmuting is a request the participant's client carries
 * out, so the track LiveKit returns may still read "muted" for a moment.
 */
export type MuteOutcome = { requested: "mute" | "unmute"; track: TrackView };

export async function muteTrack(
  rs: RoomServiceClient,
  room: string,
  identity: string,
  trackSid: string,
  muted: boolean,
): Promise<MuteOutcome> {
  // Asked first: LiveKit answers a mute for someone who is not there only after seconds, with
  // a vague 503; this way a participant who has left is said at once and plainly. (The track
  // itself is left to LiveKit: a just-published one may not be listed yet.)
  await onParticipant(identity, () => rs.getParticipant(room, identity));
  try {
    const track = toTrackView(
      await onParticipant(identity, () => rs.mutePublishedTrack(room, identity, trackSid, muted)),
    );
    return { requested: muted ? "mute" : "unmute", track };
  } catch (e) {
    if (status(e) === 412 && !muted) {
      throw new ActionFailure({
        code: "rejected",
        message:
          "This LiveKit server does not allow unmuting others (room.enable_remote_unmute is off). The participant can unmute themselves.",
      });
    }
    throw e;
  }
}

export async function updateParticipant(
  rs: RoomServiceClient,
  room: string,
  identity: string,
  form: ParticipantForm,
): Promise<ParticipantView> {
  // UpdateParticipant replaces the whole permission: start from the current one so the fields
  // this form does not show (recorder, publish sources, metadata updates…) are kept.
  const current = await onParticipant(identity, () => rs.getParticipant(room, identity));
  const permission = {
    ...current.permission,
    canPublish: form.canPublish,
    canSubscribe: form.canSubscribe,
    canPublishData: form.canPublishData,
    hidden: form.hidden,
  };
  const updated = await onParticipant(identity, () =>
    rs.updateParticipant(room, identity, { name: form.name, metadata: form.metadata, permission }),
  );
  return toParticipantView(updated);
}
