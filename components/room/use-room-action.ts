"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "@/components/ui/toast";
import type { ActionResult } from "@/lib/procedures/result";
import { roomKeys } from "@/components/live/query-keys";

/**
 * Runs a room-scoped server action: toasts the outcome, refreshes the room right away, and
 * hands a failure back to forms that show it beside their fields.
 */
export function useRoomAction<I, T>(
  project: string,
  room: string,
  action: (input: I) => Promise<ActionResult<T>>,
  success: (data: T) => string,
  onDone?: (data: T) => void,
) {
  const queryClient = useQueryClient();
  return useMutation<ActionResult<T>, Error, I>({
    // One argument only: react-query passes a second (its context), which React would
    // serialise into the server-action request.
    mutationFn: (input: I) => action(input),
    onSuccess: async (res) => {
      if (!res.ok) {
        if (!res.error.fieldErrors) toast.error(res.error.message);
        return;
      }
      toast.success(success(res.data));
      onDone?.(res.data);
      await queryClient.invalidateQueries({ queryKey: roomKeys.detail(project, room) });
    },
    onError: () =>
      toast.error("The console's server did not answer. Check the room before retrying."),
  });
}
