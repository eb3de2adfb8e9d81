import { z } from "zod";

// Imports nothing of lib/rooms: the create-room schema imports this file.

/**
 * An agent's name as its worker registers it. LiveKit accepts any string; an empty one is
 * "automatic dispatch" (every named worker is explicit), so a name is required here.
 */
export const agentNameSchema = z
  .string({ error: "Agent name is required" })
  .trim()
  .min(1, "Agent name is required")
  .max(128, "Agent name must be at most 128 characters")
  .regex(/^[\p{L}\p{N}._:-]+$/u, "Agent name may use letters, digits and . _ : - only");

/** Agents the create-room form names: up to 8, each dispatched when the room is created. */
export const roomAgentsSchema = z.preprocess(
  (v) =>
    typeof v === "string"
      ? v
          .split(/[\s,]+/)
          .map((s) => s.trim())
          .filter(Boolean)
      : v,
  z
    .array(agentNameSchema)
    .max(8, "At most 8 agents per room")
    .refine((a) => new Set(a).size === a.length, "Each agent once")
    .optional(),
);
