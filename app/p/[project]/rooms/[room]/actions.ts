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

export const removeParticipant = defineAction(
  "participants.remove",
  "manage",
  participantRefSchema,
  (i, { rs }) => participants.removeParticipant(rs, i.room, i.identity),
);

export const muteTrack = defineAction("participants.mute", "manage", muteTrackSchema, (i, { rs }) =>
  participants.muteTrack(rs, i.room, i.identity, i.trackSid, i.muted),
);

export const updateParticipant = defineAction(
  "participants.update",
  "manage",
  updateParticipantSchema,
  (i, { rs }) => participants.updateParticipant(rs, i.room, i.identity, i),
);

export const updateRoomMetadata = defineAction(
  "rooms.metadata",
  "manage",
  roomMetadataSchema,
  (i, { rs }) => participants.updateRoomMetadata(rs, i.room, i.metadata),
);

export const sendData = defineAction("rooms.send-data", "manage", sendDataSchema, (i, { rs }) =>
  participants.sendData(rs, i.room, i.topic, i.text),
);
