"use server";

import { serverAction } from "@/lib/procedures/pipeline/action";
import { procedures } from "@/lib/procedures/registry";

export const removeParticipant = serverAction(procedures.removeParticipant);
export const muteTrack = serverAction(procedures.muteTrack);
export const updateParticipant = serverAction(procedures.updateParticipant);
export const updateRoomMetadata = serverAction(procedures.updateRoomMetadata);
export const sendData = serverAction(procedures.sendData);
export const transferCall = serverAction(procedures.transferCall);
export const createDispatch = serverAction(procedures.createDispatch);
export const deleteDispatch = serverAction(procedures.deleteDispatch);
export const startWatch = serverAction(procedures.startWatch);
export const endWatch = serverAction(procedures.endWatch);
