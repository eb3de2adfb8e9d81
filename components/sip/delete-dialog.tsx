"use client";

import * as AlertDialog from "@radix-ui/react-alert-dialog";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { overlayClass, panelClass } from "@/components/ui/dialog";
import { useReturnFocus } from "@/components/ui/return-focus";
import type { ActionResult } from "@/lib/procedures/result";
import { useSipAction } from "./use-sip-action";

type Target = { id: string; name: string };

type Props = {
  project: string;
  what: string;
  target: Target | null;
  consequence: ReactNode;
  action: (input: { project: string; id: string }) => Promise<ActionResult<{ id: string }>>;
  onClose: () => void;
};

/** Deleting a trunk or a rule: real phone numbers stop routing, so it is confirmed first. */
export function SipDeleteDialog({ project, what, target, consequence, action, onClose }: Props) {
  const returnFocus = useReturnFocus();
  const del = useSipAction(action, () => `${what} “${target?.name}” deleted`, onClose);
  return (
    <AlertDialog.Root open={target !== null} onOpenChange={(o) => !o && onClose()}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className={overlayClass} />
        <AlertDialog.Content className={panelClass} {...returnFocus}>
          <AlertDialog.Title className="text-lg font-semibold">
            Delete {what.toLowerCase()} “{target?.name}”?
          </AlertDialog.Title>
          <AlertDialog.Description className="mt-3 text-sm text-slate-700">
            {consequence}
          </AlertDialog.Description>
          <div className="mt-6 flex justify-end gap-2">
            <AlertDialog.Cancel asChild>
              <Button variant="secondary">Cancel</Button>
            </AlertDialog.Cancel>
            <Button
              variant="danger"
              busy={del.isPending}
              onClick={() => target && del.run({ project, id: target.id })}
            >
              {del.isPending ? "Deleting…" : `Delete ${what.toLowerCase()}`}
            </Button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
