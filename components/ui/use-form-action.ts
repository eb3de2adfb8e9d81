"use client";

import { useState, useTransition } from "react";
import { toast } from "@/components/ui/toast";
import type { ActionResult, FieldErrors } from "@/lib/procedures/result";

type Options<T> = {
  /** Said when the console's own server does not answer: what to check before retrying. */
  unreachable: string;
  onDone?: (data: T) => void;
  /** After LiveKit's answer: `ok` says whether it was a success. */
  refresh: (ok: boolean) => void | Promise<void>;
};

/**
 * Runs a server action from a form: field errors stay beside their fields, other failures are
 * toasted (LiveKit's answer in plain words), a success is toasted and the views refreshed.
 */
export function useFormAction<I, T>(
  action: (input: I) => Promise<ActionResult<T>>,
  success: (data: T) => string,
  { unreachable, onDone, refresh }: Options<T>,
) {
  const [isPending, startTransition] = useTransition();
  const [errors, setErrors] = useState<FieldErrors>();
  const run = (input: I) =>
    startTransition(async () => {
      let res: ActionResult<T>;
      try {
        res = await action(input);
      } catch {
        toast.error(unreachable);
        return;
      }
      if (!res.ok) {
        setErrors(res.error.fieldErrors);
        if (!res.error.fieldErrors) toast.error(res.error.message);
        await refresh(false);
        return;
      }
      setErrors(undefined);
      toast.success(success(res.data));
      onDone?.(res.data);
      await refresh(true);
    });
  return { run, isPending, errors, setErrors };
}
