import { z } from "zod";

export const UINT32_MAX = 4_294_967_295;
export const ROOM_NAME_MAX_BYTES = 256;
/** livekit-server's default limit.max_metadata_size (v1.13). */
export const METADATA_MAX_BYTES = 512 * 1024;

import { byteLength } from "@/lib/format";
import { newNameProblem } from "@/lib/rooms/room-name";
import { roomAgentsSchema } from "@/lib/agents/name-schema";

/** A room that exists: any name LiveKit accepts (other clients make names we would not). */
export const roomNameSchema = z
  .string({ error: "Room name is required" })
  .min(1, "Room name is required")
  .refine(
    (v) => byteLength(v) <= ROOM_NAME_MAX_BYTES,
    `Room name must be at most ${ROOM_NAME_MAX_BYTES} bytes (UTF-8)`,
  );

/** A room this console creates: also no look-alikes (see room-name.ts). */
export const newRoomNameSchema = roomNameSchema.superRefine((v, ctx) => {
  const problem = v === "" ? undefined : newNameProblem(v);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/**
 * A whole number within uint32, as LiveKit stores it. Forms send strings; an empty string
 * means "not set" (server default), never zero by accident.
 */
const uint32 = (label: string) =>
  z.preprocess(
    (v) => {
      if (typeof v !== "string") return v;
      const t = v.trim();
      // Plain decimal digits only: "0x10", "1e3", "1.5" and "+5" stay text and are refused.
      return t === "" ? undefined : /^-?\d+$/.test(t) ? Number(t) : v;
    },
    z
      .number({ error: `${label} must be a whole number written with digits 0–9` })
      .int(`${label} must be a whole number`)
      .min(0, `${label} must not be negative`)
      .max(UINT32_MAX, `${label} must be at most ${UINT32_MAX}`)
      .optional(),
  );

const checkbox = z.preprocess(
  (v) => (v === "on" || v === "true" ? true : v === "" || v === "false" ? false : v),
  z.boolean({ error: "Sync streams must be on or off" }).optional(),
);

export const createRoomFields = z.object({
  name: newRoomNameSchema,
  emptyTimeout: uint32("Empty timeout"),
  departureTimeout: uint32("Departure timeout"),
  maxParticipants: uint32("Max participants"),
  metadata: z
    .string()
    .refine(
      (v) => byteLength(v) <= METADATA_MAX_BYTES,
      `Metadata must be at most ${METADATA_MAX_BYTES} bytes (the server's limit)`,
    )
    .optional(),
  minPlayoutDelay: uint32("Min playout delay"),
  maxPlayoutDelay: uint32("Max playout delay"),
  syncStreams: checkbox,
  /** Agents dispatched when the room is created (the room configuration's `agents`). */
  agents: roomAgentsSchema,
});

const playoutOrdered = (v: { minPlayoutDelay?: number; maxPlayoutDelay?: number }) =>
  v.minPlayoutDelay === undefined ||
  v.maxPlayoutDelay === undefined ||
  v.minPlayoutDelay <= v.maxPlayoutDelay;
const playoutMessage = {
  path: ["maxPlayoutDelay"],
  message: "Max playout delay must not be below the min",
};

/** What the form checks and the create procedure's input (the pipeline adds the project). */
export const createRoomSchema = createRoomFields.refine(playoutOrdered, playoutMessage);

export type CreateRoomInput = z.input<typeof createRoomSchema>;
export type CreateRoomValues = z.output<typeof createRoomSchema>;

export const roomRefSchema = z.object({ name: roomNameSchema });

export const deleteRoomSchema = z.object({
  name: roomNameSchema,
  /** How many participants the operator was told would be disconnected. */
  confirmedParticipants: z
    .number({ error: "confirmedParticipants must be a number" })
    .int()
    .min(0)
    .max(UINT32_MAX),
  /** Typed room name; required when anyone is in the room. */
  typedName: z.string().optional(),
});
