import "server-only";
import { z } from "zod";
import { normaliseLiveKitUrl } from "@/lib/livekit/url";
import { isPasswordHash } from "@/lib/auth/password";
import { ROLES } from "@/lib/auth/roles";
import { projectNameSchema } from "@/lib/auth/project-name";
import { USERNAME_MAX_LENGTH } from "@/lib/auth/username";
import { oidcEntry } from "@/lib/auth/oidc/schema";

const HASH_HINT = "must be a hash printed by `npm run hash-password` (scrypt$…)";

const projectEntry = z
  .object({
    name: projectNameSchema,
    url: z.string().superRefine((v, ctx) => {
      const r = normaliseLiveKitUrl(v);
      if (!r.ok) ctx.addIssue({ code: "custom", message: r.reason });
    }),
    apiKey: z.string().min(1, "is empty"),
    apiSecretEnv: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, "must name an environment variable (e.g. PROD_LIVEKIT_SECRET)"),
  })
  .strict();

const operatorEntry = z
  .object({
    username: z
      .string()
      .min(1, "is empty")
      .max(USERNAME_MAX_LENGTH, `is longer than ${USERNAME_MAX_LENGTH} characters`),
    passwordHash: z.string().refine(isPasswordHash, HASH_HINT),
    // A project name, or "*" for every project.
    roles: z.record(z.string(), z.enum(ROLES, { error: `must be one of ${ROLES.join(", ")}` })),
  })
  .strict();

/** The operators file (LIVEKIT_ADMIN_CONFIG). It names secrets' variables, never secrets. */
export const accessFileSchema = z
  .object({
    projects: z.array(projectEntry).default([]),
    operators: z.array(operatorEntry).default([]),
    /** Sign-in through an OpenID Connect provider (docs/sign-on.md). */
    oidc: oidcEntry.optional(),
  })
  .strict();

/** "operators[1] (bob).passwordHash must be …": names the entry, not just an index. */
export function describeIssue(raw: unknown, issue: z.core.$ZodIssue): string {
  const parts: string[] = [];
  let cur: unknown = raw;
  for (const seg of issue.path) {
    if (typeof seg === "number") {
      cur = Array.isArray(cur) ? cur[seg] : undefined;
      const label =
        cur && typeof cur === "object"
          ? ((cur as Record<string, unknown>).username ?? (cur as Record<string, unknown>).name)
          : undefined;
      parts.push(`[${seg}]${typeof label === "string" ? ` (${label})` : ""}`);
    } else {
      cur =
        cur && typeof cur === "object" ? (cur as Record<string, unknown>)[String(seg)] : undefined;
      parts.push(`${parts.length ? "." : ""}${String(seg)}`);
    }
  }
  return `${parts.join("") || "file"} ${issue.message}`;
}
