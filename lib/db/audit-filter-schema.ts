import { z } from "zod";

const optional = (s: z.ZodString) =>
  z.preprocess((v) => (v === "" || v === null ? undefined : v), s.optional());

/** Audit filters as they arrive in a URL (the page's GET form and the CSV link share them). */
export const auditFilterSchema = z.object({
  actor: optional(z.string().max(64, "Actor is at most 64 characters")),
  action: optional(z.string().max(64, "Action is at most 64 characters")),
  outcome: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z
      .enum(["pending", "ok", "failed", "refused"], {
        error: "Outcome must be pending, ok, failed or refused",
      })
      .optional(),
  ),
  target: optional(z.string().max(256, "Target is at most 256 characters")),
  since: optional(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Since must be a date (YYYY-MM-DD)")),
});
