"use server";

import { defineAction } from "@/lib/actions/guard";
import { createRoomActionSchema, deleteRoomSchema, roomRefSchema } from "@/lib/rooms/schema";
import * as rooms from "@/lib/rooms/service";

export const createRoom = defineAction(
  "rooms.create",
  "manage",
  createRoomActionSchema,
  (input, { rs }) => rooms.createRoom(rs, input),
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
);
