"use client";

import { useFormAction } from "@/components/ui/use-form-action";
import type { ActionResult } from "@/lib/procedures/result";
import { refreshEgress } from "./use-egress";

/** Runs an egress action; any answer of LiveKit refreshes every recordings view of the project. */
export function useEgressAction<I, T>(
  project: string,
  action: (input: I) => Promise<ActionResult<T>>,
  success: (data: T) => string,
  onDone?: (data: T) => void,
) {
  return useFormAction(action, success, {
    unreachable: "The console's server did not answer. Check the list before retrying.",
    onDone,
    refresh: () => refreshEgress(project),
  });
}
