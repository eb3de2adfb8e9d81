import { z } from "zod";
import { byteLength } from "@/lib/format";
import { METADATA_MAX_BYTES, roomNameSchema } from "@/lib/rooms/schema";

/** Reliable data packets above ~15 KiB are refused by LiveKit; keep well within. */
export const DATA_MAX_BYTES = 15_000;

const identity = z
  .string({ error: "Participant identity is required" })
  .min(1, "Participant identity is required")
  .max(256, "Participant identity must be at most 256 characters");

/** Metadata is free text, but text that looks like JSON must be JSON: a typo there breaks apps. */
export const metadataSchema = (label: string) =>
  z
    .string()
    .refine(
      (v) => byteLength(v) <= METADATA_MAX_BYTES,
      `${label} must be at most ${METADATA_MAX_BYTES} bytes (the server's limit)`,
    )
    .superRefine((v, ctx) => {
      const t = v.trim();
      if (!(t.startsWith("{") || t.startsWith("["))) return;
      try {
        JSON.parse(t);
      } catch (e) {
        ctx.addIssue({
          code: "custom",
          message: `${label} looks like JSON but does not parse: ${e instanceof Error ? e.message : "invalid"}`,
        });
      }
    });

const inRoom = { room: roomNameSchema };

export const participantRefSchema = z.object({ ...inRoom, identity });

export const muteTrackSchema = z.object({
  ...inRoom,
  identity,
  trackSid: z.string().regex(/^TR_[A-Za-z0-9]+$/, "Track id must look like TR_…"),
  muted: z.boolean({ error: "Muted must be true or false" }),
});

export const participantFormSchema = z.object({
  name: z.string().refine((v) => byteLength(v) <= 256, "Name must be at most 256 bytes"),
  metadata: metadataSchema("Metadata"),
  canPublish: z.boolean(),
  canSubscribe: z.boolean(),
  canPublishData: z.boolean(),
  hidden: z.boolean(),
});
export type ParticipantForm = z.infer<typeof participantFormSchema>;

export const updateParticipantSchema = participantFormSchema.extend({ ...inRoom, identity });

export const roomMetadataSchema = z.object({ ...inRoom, metadata: metadataSchema("Metadata") });

export const sendDataFormSchema = z.object({
  topic: z.string().max(256, "Topic must be at most 256 characters"),
  text: z
    .string()
    .min(1, "Message must not be empty")
    .refine(
      (v) => byteLength(v) <= DATA_MAX_BYTES,
      `Message must be at most ${DATA_MAX_BYTES} bytes`,
    ),
});
export const sendDataSchema = sendDataFormSchema.extend(inRoom);
