"use server";

import { serverAction } from "@/lib/procedures/pipeline/action";
import { procedures } from "@/lib/procedures/registry";

export const startEgress = serverAction(procedures.startEgress);
export const cancelEgressStart = serverAction(procedures.cancelEgressStart);
export const stopEgress = serverAction(procedures.stopEgress);
export const updateEgressLayout = serverAction(procedures.updateEgressLayout);
export const updateEgressStream = serverAction(procedures.updateEgressStream);
