"use client";

import { useRouter } from "next/navigation";
import { useFormAction } from "@/components/ui/use-form-action";
import type { ActionResult, FieldErrors } from "@/lib/procedures/result";

/**
 * Runs a telephony server action; a success refreshes the page's one server read of trunks and
 * rules (they are not polled: they change only when someone changes them).
 */
export function useSipAction<I, T>(
  action: (input: I) => Promise<ActionResult<T>>,
  success: (data: T) => string,
  onDone?: (data: T) => void,
) {
  const router = useRouter();
  return useFormAction(action, success, {
    unreachable: "The console's server did not answer. Reload the page before retrying.",
    onDone,
    refresh: (ok) => {
      if (ok) router.refresh();
    },
  });
}

/** A list field's errors: its own and each item's ("numbers.2"). */
export function errorsFor(errors: FieldErrors | undefined, field: string): string[] | undefined {
  if (!errors) return undefined;
  const out = Object.entries(errors)
    .filter(([k]) => k === field || k.startsWith(`${field}.`))
    .flatMap(([, v]) => v ?? []);
  return out.length > 0 ? out : undefined;
}
