import "server-only";
import { procedure } from "@/lib/procedures/procedure";
import {
  createRoomSchema,
  deleteRoomSchema,
  roomNameSchema,
  roomRefSchema,
} from "@/lib/rooms/schema";
import { roomMetadataSchema, sendDataSchema } from "@/lib/rooms/control-schema";
import * as rooms from "@/lib/rooms/service";
import * as controls from "@/lib/rooms/controls";
import { roomDetail } from "@/lib/rooms/participants";
import { z } from "zod";

export const listRooms = procedure({
  name: "rooms.list",
  permission: "view",
  input: z.object({}),
  handler: (_i, { rs }) => rooms.listRooms(rs),
  route: { path: "rooms" },
});

export const readRoom = procedure({
  name: "rooms.detail",
  permission: "view",
  input: z.object({ room: roomNameSchema }),
  handler: (i, { rs }) => roomDetail(rs, i.room),
  route: { path: "rooms/:room" },
});

export const createRoom = procedure({
  name: "rooms.create",
  permission: "manage",
  input: createRoomSchema,
  handler: (i, { rs }) => rooms.createRoom(rs, i),
  audit: { action: "room.create", target: (i) => i.name, params: ({ name: _n, ...rest }) => rest },
  action: true,
});

export const getDeleteImpact = procedure({
  name: "rooms.impact",
  permission: "view",
  input: roomRefSchema,
  handler: (i, { rs }) => rooms.deleteImpact(rs, i.name),
  action: true,
});

export const deleteRoom = procedure({
  name: "rooms.delete",
  permission: "manage",
  input: deleteRoomSchema,
  handler: (i, { rs }) => rooms.deleteRoom(rs, i),
  audit: {
    action: "room.delete",
    target: (i) => i.name,
    params: (i) => ({ confirmedParticipants: i.confirmedParticipants }),
    disconnected: (d) => (d.status === "deleted" ? d.disconnected : 0),
  },
  action: true,
});

export const updateRoomMetadata = procedure({
  name: "rooms.metadata",
  permission: "manage",
  input: roomMetadataSchema,
  handler: (i, { rs }) => controls.updateRoomMetadata(rs, i.room, i.metadata),
  audit: {
    action: "room.metadata",
    target: (i) => i.room,
    params: (i) => ({ metadata: i.metadata }),
  },
  action: true,
});

export const sendData = procedure({
  name: "rooms.send-data",
  permission: "manage",
  input: sendDataSchema,
  handler: (i, { rs }) => controls.sendData(rs, i.room, i.topic, i.text),
  audit: {
    action: "room.send-data",
    target: (i) => i.room,
    params: (i) => ({ topic: i.topic, text: i.text }),
  },
  action: true,
});
