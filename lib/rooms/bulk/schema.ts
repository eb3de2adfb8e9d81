import { z } from "zod";
import { roomNameSchema } from "@/lib/rooms/schema";

export const BULK_MAX_ROOMS = 5_000;

const roomList = z
  .array(roomNameSchema, { error: "Rooms must be a list of room names" })
  .min(1, "Select at least one room")
  .max(BULK_MAX_ROOMS, `Select at most ${BULK_MAX_ROOMS} rooms at once`)
  .refine((names) => new Set(names).size === names.length, "Each room may be listed once");

export const bulkPreviewSchema = z.object({ rooms: roomList });

export const bulkStartSchema = z.object({
  rooms: roomList,
  /** Required above the confirmation threshold: "delete N rooms". */
  typed: z.string().optional(),
});

export const jobRefSchema = z.object({
  jobId: z.uuid("Job id must be a UUID"),
});

export const typedPhrase = (n: number) => `delete ${n} rooms`;
