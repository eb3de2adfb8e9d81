import { z } from "zod";
import { participantRefSchema } from "@/lib/rooms/control-schema";
import { roomNameSchema } from "@/lib/rooms/schema";
import { E164, trunkIdSchema } from "@/lib/sip/trunk-schema";

/** A number to dial: E.164, or a SIP user part (an extension) of digits, '*' and '#'. */
const dialable = z.string().refine((v) => E164.test(v) || /^[0-9*#]{1,20}$/.test(v), {
  error: (iss) =>
    `Number: ${JSON.stringify(iss.input)} is not an E.164 number (+15551234567) or an extension of digits`,
});

const seconds = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label} must be a number of seconds` })
    .int(`${label} must be whole seconds`)
    .min(min, `${label} must be at least ${min} s`)
    .max(max, `${label} must be at most ${max} s`);

export const placeCallSchema = z.object({
  trunkId: trunkIdSchema,
  number: dialable,
  room: roomNameSchema,
  identity: z
    .string()
    .max(256, "Participant identity must be at most 256 characters")
    .regex(/^[^\s]*$/, "Participant identity cannot hold spaces")
    .default(""),
  waitUntilAnswered: z.boolean().default(false),
  ringingTimeoutSec: seconds("Ringing timeout", 5, 120).default(30),
  maxDurationSec: seconds("Maximum duration", 60, 24 * 3600).default(3600),
  dtmf: z
    .string()
    .regex(/^[0-9*#w]{0,32}$/, "DTMF may hold digits, '*', '#' and 'w' (a pause), at most 32")
    .default(""),
  playDialtone: z.boolean().default(false),
});
export type PlaceCallInput = z.infer<typeof placeCallSchema>;

export const transferCallSchema = participantRefSchema.extend({
  transferTo: z
    .string()
    .max(256, "Transfer to must be at most 256 characters")
    .regex(
      /^(tel:\+?[0-9*#-]{1,32}|sips?:[^\s@]+@[^\s@]+)$/,
      "Transfer to must be a tel: URI (tel:+15551234567) or a sip: URI (sip:agent@example.com)",
    ),
});

export const callRoomSchema = z.object({ room: roomNameSchema });
