"use client";

import { useState, useTransition } from "react";
import { toast } from "@/components/ui/toast";
import type { ActionResult } from "@/lib/procedures/result";
import { roomKeys } from "@/components/live/query-keys";
import { loadEngine } from "@/components/live/load-engine";

/**
 * Runs a room-scoped server action in a transition (React's own way to run one; react-query is
 * not loaded with the room page): toasts the outcome, refreshes the room right away, and hands
 * the result to forms that show a failure beside their fields.
 */
export function useRoomAction<I, T>(
  project: string,
  room: string,
  action: (input: I) => Promise<ActionResult<T>>,
  success: (data: T) => string,
  onDone?: (data: T) => void,
) {
  const [isPending, startTransition] = useTransition();
  const [variables, setVariables] = useState<I>();
  const mutate = (input: I, then?: { onSuccess?: (res: ActionResult<T>) => void }) => {
    setVariables(input);
    startTransition(async () => {
      let res: ActionResult<T>;
      try {
        res = await action(input);
      } catch {
        toast.error("The console's server did not answer. Check the room before retrying.");
        return;
      }
      then?.onSuccess?.(res);
      if (!res.ok) {
        if (!res.error.fieldErrors) toast.error(res.error.message);
        return;
      }
      toast.success(success(res.data));
      onDone?.(res.data);
      // Thrown here, an error would reach the error boundary; a room not refreshed now is
      // refreshed by its next poll.
      await loadEngine().then(
        ({ liveClient }) =>
          liveClient().invalidateQueries({ queryKey: roomKeys.detail(project, room) }),
        () => undefined,
      );
    });
  };
  return { mutate, isPending, variables };
}
