"use server";

import { serverAction } from "@/lib/procedures/pipeline/action";
import { procedures } from "@/lib/procedures/registry";

export const createRoom = serverAction(procedures.createRoom);
export const getDeleteImpact = serverAction(procedures.getDeleteImpact);
export const deleteRoom = serverAction(procedures.deleteRoom);
