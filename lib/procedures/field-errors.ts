import type { z } from "zod";
import type { FieldErrors } from "@/lib/procedures/result";

/** Zod issues as messages per field ("_form" for the whole input). */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join(".") : "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}
