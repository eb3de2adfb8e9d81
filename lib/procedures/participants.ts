import "server-only";
import { procedure } from "@/lib/procedures/procedure";
import {
  muteTrackSchema,
  participantRefSchema,
  updateParticipantSchema,
} from "@/lib/rooms/control-schema";
import * as participants from "@/lib/rooms/participants";

const inRoom = (i: { room: string; identity: string }) => `${i.room}/${i.identity}`;

export const removeParticipant = procedure({
  name: "participants.remove",
  permission: "manage",
  input: participantRefSchema,
  handler: (i, { rs }) => participants.removeParticipant(rs, i.room, i.identity),
  audit: {
    action: "participant.remove",
    target: inRoom,
    disconnected: (d) => (d.status === "removed" ? 1 : 0),
  },
  action: true,
});

export const muteTrack = procedure({
  name: "participants.mute",
  permission: "manage",
  input: muteTrackSchema,
  handler: (i, { rs }) => participants.muteTrack(rs, i.room, i.identity, i.trackSid, i.muted),
  audit: {
    action: "participant.mute",
    target: inRoom,
    params: (i) => ({ trackSid: i.trackSid, muted: i.muted }),
  },
  action: true,
});

export const updateParticipant = procedure({
  name: "participants.update",
  permission: "manage",
  input: updateParticipantSchema,
  handler: (i, { rs }) => participants.updateParticipant(rs, i.room, i.identity, i),
  audit: {
    action: "participant.update",
    target: inRoom,
    params: ({ room: _r, identity: _i, ...fields }) => fields,
  },
  action: true,
});
