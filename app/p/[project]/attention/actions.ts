"use server";

import { serverAction } from "@/lib/procedures/pipeline/action";
import { procedures } from "@/lib/procedures/registry";

export const previewBulkDelete = serverAction(procedures.previewBulkDelete);
export const startBulkDelete = serverAction(procedures.startBulkDelete);
export const cancelBulkDelete = serverAction(procedures.cancelBulkDelete);
