"use server";

import { serverAction } from "@/lib/procedures/pipeline/action";
import { procedures } from "@/lib/procedures/registry";

export const createIngress = serverAction(procedures.createIngress);
export const updateIngress = serverAction(procedures.updateIngress);
export const deleteIngress = serverAction(procedures.deleteIngress);
export const revealIngress = serverAction(procedures.revealIngress);
