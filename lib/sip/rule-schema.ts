import { z } from "zod";
import { metadataSchema } from "@/lib/rooms/control-schema";
import { roomNameSchema } from "@/lib/rooms/schema";
import { trunkIdSchema } from "@/lib/sip/trunk-schema";

export const RULE_KINDS = ["direct", "individual", "callee"] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export const ruleIdSchema = z
  .string()
  .regex(/^SDR_[A-Za-z0-9]{1,40}$/, "Rule id must look like SDR_…");

const prefix = z
  .string()
  .max(64, "Room prefix must be at most 64 characters")
  .regex(/^[A-Za-z0-9_.-]*$/, "Room prefix may hold letters, digits, '_', '.' and '-' only");

const agentName = z
  .string()
  .trim()
  .min(1, "Agent name is required")
  .max(128, "Agent name must be at most 128 characters");

const attributeKey = z
  .string()
  .min(1, "Attribute names cannot be empty")
  .max(128, "Attribute names must be at most 128 characters");

const ruleFields = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Name is required")
    .max(128, "Name must be at most 128 characters"),
  kind: z.enum(RULE_KINDS, { error: "Kind must be direct, individual or callee" }),
  /** Direct: the one room every call joins. */
  roomName: z.union([z.literal(""), roomNameSchema]).default(""),
  /** Individual and callee: rooms are named from this prefix. */
  roomPrefix: prefix.default(""),
  /** Write-only like a password: absent or empty keeps the rule's current PIN. */
  pin: z
    .string()
    .regex(/^\d{0,12}$/, "PIN must be digits only, at most 12")
    .optional(),
  trunkIds: z.array(trunkIdSchema).max(50, "Trunks: at most 50").default([]),
  hidePhoneNumber: z.boolean().default(false),
  attributes: z
    .record(attributeKey, z.string().max(1024, "Attribute values: at most 1024 characters"))
    .default({}),
  agents: z
    .array(z.object({ agentName, metadata: metadataSchema("Agent metadata") }))
    .max(10, "Agents: at most 10")
    .default([]),
  metadata: metadataSchema("Metadata").default(""),
});

const refined = <S extends z.ZodType<z.infer<typeof ruleFields>>>(schema: S) =>
  schema.superRefine((v, ctx) => {
    if (v.kind === "direct" && !v.roomName)
      ctx.addIssue({
        code: "custom",
        path: ["roomName"],
        message: "Room name is required for a direct rule",
      });
    if (Object.keys(v.attributes).length > 50)
      ctx.addIssue({ code: "custom", path: ["attributes"], message: "Attributes: at most 50" });
  });

export const ruleFormSchema = refined(ruleFields);
export type RuleForm = z.infer<typeof ruleFields>;
export const updateRuleSchema = refined(ruleFields.extend({ id: ruleIdSchema }));
export const ruleRefSchema = z.object({ id: ruleIdSchema });
