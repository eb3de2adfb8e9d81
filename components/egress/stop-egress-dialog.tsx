"use client";

import * as AlertDialog from "@radix-ui/react-alert-dialog";
import { stopEgress } from "@/app/p/[project]/recordings/actions";
import { Button } from "@/components/ui/button";
import { overlayClass, panelClass } from "@/components/ui/dialog";
import { useReturnFocus } from "@/components/ui/return-focus";
import type { EgressView } from "@/lib/egress/types";
import { KIND_LABEL, destinations } from "@/lib/egress/words";
import { useEgressAction } from "./use-egress-action";

type Props = { project: string; egress: EgressView | null; onClose: () => void };

/** Stopping ends the recording for good: the dialog names what is recorded and where it goes. */
export function StopEgressDialog({ project, egress, onClose }: Props) {
  const returnFocus = useReturnFocus();
  const stop = useEgressAction(
    project,
    stopEgress,
    (e) => `Stopping ${e.id}: LiveKit finishes its files`,
    onClose,
  );
  const where = egress ? destinations(egress) : [];
  return (
    <AlertDialog.Root open={egress !== null} onOpenChange={(o) => !o && onClose()}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className={overlayClass} />
        <AlertDialog.Content className={panelClass} {...returnFocus}>
          <AlertDialog.Title className="text-lg font-semibold">
            Stop the {egress ? KIND_LABEL[egress.kind].toLowerCase() : ""} recording of “
            {egress?.room}”?
          </AlertDialog.Title>
          <AlertDialog.Description asChild>
            <div className="mt-3 space-y-2 text-sm text-slate-700">
              <p>
                Recording: {egress?.detail || "this room"}.{" "}
                {where.length > 0 ? "Where it goes:" : "LiveKit has not said where it goes."}
              </p>
              {where.length > 0 && (
                <ul className="list-disc pl-5 font-mono text-xs">
                  {where.map((w) => (
                    <li key={w}>{w}</li>
                  ))}
                </ul>
              )}
              <p className="font-medium">
                It cannot be resumed: the file ends here (the egress service finishes and uploads
                it) and every stream goes off air. A new start makes a new file.
              </p>
            </div>
          </AlertDialog.Description>
          <div className="mt-6 flex flex-wrap justify-end gap-2">
            <AlertDialog.Cancel asChild>
              <Button variant="secondary">Keep recording</Button>
            </AlertDialog.Cancel>
            <Button
              variant="danger"
              busy={stop.isPending}
              onClick={() => egress && stop.run({ project, egressId: egress.id })}
            >
              {stop.isPending ? "Stopping…" : "Stop recording"}
            </Button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
