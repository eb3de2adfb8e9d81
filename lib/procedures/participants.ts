import "server-only";
import { procedure } from "@/lib/procedures/procedure";
import {
  muteTrackSchema,
  participantRefSchema,
  updateParticipantSchema,
} from "@/lib/rooms/control-schema";
import * as participants from "@/lib/rooms/participants";
import { afterChange } from "@/lib/live/snapshots";

const inRoom = (i: { room: string; identity: string }) => `${i.room}/${i.identity}`;

export const removeParticipant = procedure({
  name: "participant.remove",
  permission: "manage",
  input: participantRefSchema,
  handler: async (i, { rs, project, target }) => {
    const out = await participants.removeParticipant(rs, i.room, i.identity);
    await afterChange(project, target, i.room);
    return out;
  },
  audit: {
    target: inRoom,
    disconnected: (d) => (d.status === "removed" ? 1 : 0),
  },
  action: true,
});

export const muteTrack = procedure({
  name: "participant.mute",
  permission: "manage",
  input: muteTrackSchema,
  handler: async (i, { rs, project, target }) => {
    const out = await participants.muteTrack(rs, i.room, i.identity, i.trackSid, i.muted);
    await afterChange(project, target, i.room);
    return out;
  },
  audit: {
    target: inRoom,
    params: (i) => ({ trackSid: i.trackSid, muted: i.muted }),
  },
  action: true,
});

export const updateParticipant = procedure({
  name: "participant.update",
  permission: "manage",
  input: updateParticipantSchema,
  handler: async (i, { rs, project, target }) => {
    const out = await participants.updateParticipant(rs, i.room, i.identity, i);
    await afterChange(project, target, i.room);
    return out;
  },
  audit: {
    target: inRoom,
    params: ({ room: _r, identity: _i, ...fields }) => fields,
  },
  action: true,
});
