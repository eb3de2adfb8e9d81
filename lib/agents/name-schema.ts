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

/**
 * Agents the create-room form names: up to 8, each dispatched when the room is created. A bad
 * name is reported on the field itself (naming the name), not on a hidden "agents.1".
 */
export const roomAgentsSchema = z.preprocess(
  (v) =>
    typeof v === "string"
      ? v
          .split(/[\s,]+/)
          .map((s) => s.trim())
          .filter(Boolean)
      : v,
  z
    .array(z.string({ error: "Agent names must be text" }))
    .max(8, "At most 8 agents per room")
    .superRefine((names, ctx) => {
      for (const n of names) {
        const r = agentNameSchema.safeParse(n);
        if (!r.success)
          ctx.addIssue({ code: "custom", message: `"${n}": ${r.error.issues[0]?.message}` });
      }
      if (new Set(names).size !== names.length)
        ctx.addIssue({ code: "custom", message: "Name each agent once" });
    })
    .transform((names) => names.map((n) => n.trim()))
    .optional(),
);
