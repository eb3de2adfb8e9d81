import "server-only";
import { z } from "zod";
import { ROLES } from "@/lib/auth/roles";

const envName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, "must name an environment variable (e.g. OIDC_CLIENT_SECRET)");

const isLoopback = (host: string) =>
  host === "localhost" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);

/**
 * The issuer: https, except on loopback (a provider on the same machine, as in tests). Its
 * discovery document is read from `<issuer>/.well-known/openid-configuration`.
 */
const issuerUrl = z.string().superRefine((v, ctx) => {
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    ctx.addIssue({ code: "custom", message: "is not a URL (e.g. https://login.example.com)" });
    return;
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopback(url.hostname)))
    ctx.addIssue({ code: "custom", message: "must be an https:// URL (http only on loopback)" });
  if (url.search || url.hash)
    ctx.addIssue({ code: "custom", message: "must not carry a query or a fragment" });
});

/** A role per project ("*" for every project) that members of a group get. */
const grant = z.record(z.string(), z.enum(ROLES, { error: `must be one of ${ROLES.join(", ")}` }));

/**
 * Sign-in through the team's OpenID Connect provider, in the operators file (`oidc`). It names
 * the variable holding the client secret, never the secret.
 */
export const oidcEntry = z
  .object({
    /** Shown on the sign-in page: "Sign in with <name>". */
    name: z.string().trim().min(1, "is empty").max(40, "is longer than 40 characters"),
    issuer: issuerUrl,
    clientId: z.string().min(1, "is empty").max(256, "is longer than 256 characters"),
    clientSecretEnv: envName,
    scopes: z
      .array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, "must be one scope without spaces"))
      .default(["openid", "profile", "email"])
      .refine((s) => s.includes("openid"), "must include openid"),
    /** The claim that lists the person's groups; a dotted path reaches into an object. */
    groupsClaim: z
      .string()
      .regex(/^[A-Za-z0-9_:\-/]+(\.[A-Za-z0-9_:\-/]+)*$/, "must be a claim name or a dotted path")
      .default("groups"),
    /** Group (or other claim value) → role per project. */
    roles: z.record(z.string().min(1, "is an empty group name"), grant),
    /** Local password accounts stay available unless this is false. */
    passwords: z.boolean().default(true),
  })
  .strict();

export type OidcEntry = z.infer<typeof oidcEntry>;
