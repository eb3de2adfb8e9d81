"use server";

import { defineAction } from "@/lib/actions/guard";
import { createRoomActionSchema, deleteRoomSchema, roomRefSchema } from "@/lib/rooms/schema";
import * as rooms from "@/lib/rooms/service";

export const createRoom = defineAction(
  "rooms.create",
  "manage",
  createRoomActionSchema,
  (input, { rs }) => rooms.createRoom(rs, input),
  {
    action: "room.create",
    target: (i) => i.name,
    params: ({ project: _p, name: _n, ...rest }) => rest,
  },
);

export const getDeleteImpact = defineAction(
  "rooms.impact",
  "view",
  roomRefSchema,
  (input, { rs }) => rooms.deleteImpact(rs, input.name),
);

export const deleteRoom = defineAction(
  "rooms.delete",
  "manage",
  deleteRoomSchema,
  (input, { rs }) => rooms.deleteRoom(rs, input),
  {
    action: "room.delete",
    target: (i) => i.name,
    params: (i) => ({ confirmedParticipants: i.confirmedParticipants }),
    disconnected: (d) => (d.status === "deleted" ? d.disconnected : 0),
  },
);
