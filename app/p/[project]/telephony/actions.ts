"use server";

import { serverAction } from "@/lib/procedures/pipeline/action";
import { procedures } from "@/lib/procedures/registry";

export const createInboundTrunk = serverAction(procedures.createInboundTrunk);
export const updateInboundTrunk = serverAction(procedures.updateInboundTrunk);
export const createOutboundTrunk = serverAction(procedures.createOutboundTrunk);
export const updateOutboundTrunk = serverAction(procedures.updateOutboundTrunk);
export const deleteTrunk = serverAction(procedures.deleteTrunk);
export const createDispatchRule = serverAction(procedures.createDispatchRule);
export const updateDispatchRule = serverAction(procedures.updateDispatchRule);
export const deleteDispatchRule = serverAction(procedures.deleteDispatchRule);
export const placeCall = serverAction(procedures.placeCall);
