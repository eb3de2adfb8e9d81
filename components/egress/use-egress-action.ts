"use client";

import { useState, useTransition } from "react";
import { toast } from "@/components/ui/toast";
import type { ActionResult, FieldErrors } from "@/lib/procedures/result";
import { refreshEgress } from "./use-egress";

/**
 * Runs an egress action: field errors stay beside their fields, other failures are toasted
 * (LiveKit's answer in plain words), a success refreshes every recordings view of the project.
 */
export function useEgressAction<I, T>(
  project: string,
  action: (input: I) => Promise<ActionResult<T>>,
  success: (data: T) => string,
  onDone?: (data: T) => void,
) {
  const [isPending, startTransition] = useTransition();
  const [errors, setErrors] = useState<FieldErrors>();
  const run = (input: I) =>
    startTransition(async () => {
      let res: ActionResult<T>;
      try {
        res = await action(input);
      } catch {
        toast.error("The console's server did not answer. Check the list before retrying.");
        return;
      }
      if (!res.ok) {
        setErrors(res.error.fieldErrors);
        if (!res.error.fieldErrors) toast.error(res.error.message);
        await refreshEgress(project);
        return;
      }
      setErrors(undefined);
      toast.success(success(res.data));
      onDone?.(res.data);
      await refreshEgress(project);
    });
  return { run, isPending, errors, setErrors };
}
