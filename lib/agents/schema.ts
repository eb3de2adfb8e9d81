import { z } from "zod";
import { byteLength } from "@/lib/format";
import { METADATA_MAX_BYTES, roomNameSchema } from "@/lib/rooms/schema";
import { agentNameSchema } from "@/lib/agents/name-schema";

/** A dispatch's metadata is handed to the agent's job as is: empty, or JSON it can parse. */
export const dispatchMetadataSchema = z
  .string()
  .refine(
    (v) => byteLength(v) <= METADATA_MAX_BYTES,
    `Metadata must be at most ${METADATA_MAX_BYTES} bytes (the server's limit)`,
  )
  .superRefine((v, ctx) => {
    if (v.trim() === "") return;
    try {
      JSON.parse(v);
    } catch (e) {
      ctx.addIssue({
        code: "custom",
        message: `Metadata must be JSON (or empty): ${e instanceof Error ? e.message : "invalid"}`,
      });
    }
  });

export const dispatchFormSchema = z.object({
  agentName: agentNameSchema,
  metadata: dispatchMetadataSchema.default(""),
});
export type DispatchFormInput = z.input<typeof dispatchFormSchema>;

export const createDispatchSchema = dispatchFormSchema.extend({ room: roomNameSchema });

/** LiveKit's dispatch ids ("AD_" and a short id). */
export const dispatchIdSchema = z
  .string({ error: "Dispatch id is required" })
  .regex(/^AD_[A-Za-z0-9]{1,64}$/, "Dispatch id must look like AD_…");

export const deleteDispatchSchema = z.object({
  room: roomNameSchema,
  dispatchId: dispatchIdSchema,
  /**
   * Also disconnect the agents of this dispatch's name that are in the room: the identities
   * the operator was shown (only those are removed; one who joined since is left, and said).
   */
  removeAgents: z
    .array(z.string().min(1).max(256))
    .max(100, "At most 100 agents at once")
    .default([]),
});
