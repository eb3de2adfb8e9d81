"use client";

import * as AlertDialog from "@radix-ui/react-alert-dialog";
import { deleteIngress } from "@/app/p/[project]/streams/actions";
import { Button } from "@/components/ui/button";
import { overlayClass, panelClass } from "@/components/ui/dialog";
import { useReturnFocus } from "@/components/ui/return-focus";
import { useSipAction } from "@/components/sip/use-sip-action";
import type { IngressView } from "@/lib/ingress/types";

type Props = {
  project: string;
  target: IngressView | null;
  onClose: () => void;
  onDone: () => void;
};

/** Deleting an input: a live stream is cut and the key stops working, so it is confirmed first. */
export function DeleteIngressDialog({ project, target, onClose, onDone }: Props) {
  const returnFocus = useReturnFocus();
  const del = useSipAction(
    deleteIngress,
    (d) => (d.alreadyGone ? "It was already deleted" : `Stream input “${target?.name}” deleted`),
    () => {
      onDone();
      onClose();
    },
  );
  const live = target?.state.status === "publishing" || target?.state.status === "buffering";
  return (
    <AlertDialog.Root open={target !== null} onOpenChange={(o) => !o && onClose()}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className={overlayClass} />
        <AlertDialog.Content className={panelClass} {...returnFocus}>
          <AlertDialog.Title className="text-lg font-semibold">
            Delete stream input “{target?.name}”?
          </AlertDialog.Title>
          <AlertDialog.Description className="mt-3 text-sm text-slate-700">
            {live
              ? `It is ${target?.state.status} now: the stream is cut at once and ${target?.identity} leaves room “${target?.room}”. `
              : "Nothing is streaming through it now. "}
            Its stream key stops working for good: an encoder that reconnects is refused, and a new
            input gets a new key.
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
              {del.isPending ? "Deleting…" : live ? "Cut stream and delete" : "Delete input"}
            </Button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
