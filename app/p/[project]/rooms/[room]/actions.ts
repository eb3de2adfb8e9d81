"use server";

import { defineAction } from "@/lib/actions/guard";
import {
  muteTrackSchema,
  participantRefSchema,
  roomMetadataSchema,
  sendDataSchema,
  updateParticipantSchema,
} from "@/lib/rooms/control-schema";
import * as participants from "@/lib/rooms/participants";

const inRoom = (i: { room: string; identity: string }) => `${i.room}/${i.identity}`;

export const removeParticipant = defineAction(
  "participants.remove",
  "manage",
  participantRefSchema,
  (i, { rs }) => participants.removeParticipant(rs, i.room, i.identity),
  {
    action: "participant.remove",
    target: inRoom,
    disconnected: (d) => (d.status === "removed" ? 1 : 0),
  },
);

export const muteTrack = defineAction(
  "participants.mute",
  "manage",
  muteTrackSchema,
  (i, { rs }) => participants.muteTrack(rs, i.room, i.identity, i.trackSid, i.muted),
  {
    action: "participant.mute",
    target: inRoom,
    params: (i) => ({ trackSid: i.trackSid, muted: i.muted }),
  },
);

export const updateParticipant = defineAction(
  "participants.update",
  "manage",
  updateParticipantSchema,
  (i, { rs }) => participants.updateParticipant(rs, i.room, i.identity, i),
  {
    action: "participant.update",
    target: inRoom,
    params: (i) => ({
      name: i.name,
      metadata: i.metadata,
      canPublish: i.canPublish,
      canSubscribe: i.canSubscribe,
      canPublishData: i.canPublishData,
      hidden: i.hidden,
    }),
  },
);

export const updateRoomMetadata = defineAction(
  "rooms.metadata",
  "manage",
  roomMetadataSchema,
  (i, { rs }) => participants.updateRoomMetadata(rs, i.room, i.metadata),
  { action: "room.metadata", target: (i) => i.room, params: (i) => ({ metadata: i.metadata }) },
);

export const sendData = defineAction(
  "rooms.send-data",
  "manage",
  sendDataSchema,
  (i, { rs }) => participants.sendData(rs, i.room, i.topic, i.text),
  {
    action: "room.send-data",
    target: (i) => i.room,
    params: (i) => ({ topic: i.topic, text: i.text }),
  },
);
