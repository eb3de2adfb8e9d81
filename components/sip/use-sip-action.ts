"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "@/components/ui/toast";
import type { ActionResult, FieldErrors } from "@/lib/procedures/result";

/**
 * Runs a telephony server action: field errors stay beside their fields, other failures are
 * toasted, and a success refreshes the page's one server read of trunks and rules (they are
 * not polled: they change only when someone changes them).
 */
export function useSipAction<I, T>(
  action: (input: I) => Promise<ActionResult<T>>,
  success: (data: T) => string,
  onDone?: (data: T) => void,
) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const [errors, setErrors] = useState<FieldErrors>();
  const run = (input: I) =>
    startTransition(async () => {
      let res: ActionResult<T>;
      try {
        res = await action(input);
      } catch {
        toast.error("The console's server did not answer. Reload the page before retrying.");
        return;
      }
      if (!res.ok) {
        setErrors(res.error.fieldErrors);
        if (!res.error.fieldErrors) toast.error(res.error.message);
        return;
      }
      setErrors(undefined);
      toast.success(success(res.data));
      onDone?.(res.data);
      router.refresh();
    });
  return { run, isPending, errors, setErrors };
}

/** A list field's errors: its own and each item's ("numbers.2"). */
export function errorsFor(errors: FieldErrors | undefined, field: string): string[] | undefined {
  if (!errors) return undefined;
  const out = Object.entries(errors)
    .filter(([k]) => k === field || k.startsWith(`${field}.`))
    .flatMap(([, v]) => v ?? []);
  return out.length > 0 ? out : undefined;
}
