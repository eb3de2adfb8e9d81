"use client";

import * as AlertDialog from "@radix-ui/react-alert-dialog";
import { useReturnFocus } from "@/components/ui/return-focus";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { withQueryClient } from "@/components/live/engine";
import { useEffect, useState } from "react";
import { toast } from "@/components/ui/toast";
import { deleteRoom, getDeleteImpact } from "@/app/p/[project]/rooms/actions";
import type { RoomView } from "@/lib/rooms/view";
import { plural } from "@/lib/format";
import { Button } from "@/components/ui/button";
import { overlayClass, panelClass } from "@/components/ui/dialog";
import { TypedConfirm } from "@/components/ui/typed-confirm";
import { ImpactSummary } from "./impact-summary";
import { RoomName } from "./room-name";
import { visibleName } from "@/lib/rooms/room-name";
import { roomKeys } from "@/components/live/query-keys";
import { dropRoom } from "./use-rooms";
import { useProject } from "@/components/project-context";

type Props = { room: RoomView | null; onClose: () => void };

/** Loaded when first opened, with react-query and the tab's client (withQueryClient). */
export const DeleteRoomDialog = withQueryClient(DeleteRoomDialogView);

function DeleteRoomDialogView({ room, onClose }: Props) {
  const returnFocus = useReturnFocus();
  return (
    <AlertDialog.Root open={room !== null} onOpenChange={(open) => !open && onClose()}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className={overlayClass} />
        <AlertDialog.Content className={panelClass} {...returnFocus}>
          {room && <DeleteRoomBody key={room.name} name={room.name} onClose={onClose} />}
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}

function DeleteRoomBody({ name, onClose }: { name: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const { project } = useProject();
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string>();

  // Read fresh every time the dialog opens: the table's count may be seconds old.
  const impact = useQuery({
    queryKey: roomKeys.impact(project, name),
    queryFn: () => getDeleteImpact({ project, name }),
    staleTime: 0,
    gcTime: 0,
  });
  const result = impact.data;
  const closed = result?.ok === true && !result.data.exists;
  useEffect(() => {
    // The live check found it gone: drop the row now rather than on the next poll.
    if (closed) dropRoom(queryClient, project, name);
  }, [closed, queryClient, project, name]);
  const live = result?.ok && result.data.exists ? result.data : undefined;
  const needsTyping = (live?.participants ?? 0) > 0;

  const mutation = useMutation({
    mutationFn: () =>
      deleteRoom({
        project,
        name,
        confirmedParticipants: live?.participants ?? 0,
        typedName: typed,
      }),
    onSuccess: async (res) => {
      if (!res.ok) {
        setError(res.error.message);
        if (res.error.code === "impact_changed") await impact.refetch();
        return;
      }
      dropRoom(queryClient, project, name);
      if (res.data.status === "already_closed") toast.info(`Room "${name}" was already closed`);
      else
        toast.success(
          `Room "${name}" deleted` +
            (res.data.disconnected > 0
              ? `; ${plural(res.data.disconnected, "participant")} disconnected`
              : ""),
        );
      onClose();
      await queryClient.invalidateQueries({ queryKey: roomKeys.list(project) });
    },
    onError: () =>
      setError(
        "The console's server did not answer. The room may not be deleted; check the table and retry.",
      ),
  });

  const typedOk = typed === name || typed === visibleName(name);
  const canDelete = live !== undefined && (!needsTyping || typedOk);

  return (
    <>
      <AlertDialog.Title className="text-lg font-semibold">
        Delete room “<RoomName name={name} />
        ”?
      </AlertDialog.Title>
      <AlertDialog.Description asChild>
        <div className="mt-3 space-y-3 text-sm text-slate-700">
          <ImpactSummary name={name} loading={impact.isPending} result={result} />
        </div>
      </AlertDialog.Description>
      {needsTyping && <TypedConfirm phrase={visibleName(name)} value={typed} onChange={setTyped} />}
      {error && (
        <p role="alert" className="mt-3 rounded-md bg-red-50 p-3 text-sm text-red-700">
          {error}
        </p>
      )}
      <div className="mt-6 flex justify-end gap-2">
        <AlertDialog.Cancel asChild>
          <Button variant="secondary">
            {result?.ok && !result.data.exists ? "Close" : "Cancel"}
          </Button>
        </AlertDialog.Cancel>
        {(!result?.ok || result.data.exists) && (
          <Button
            variant="danger"
            disabled={!canDelete}
            busy={mutation.isPending}
            onClick={() => mutation.mutate()}
          >
            {mutation.isPending ? "Deleting…" : "Delete room"}
          </Button>
        )}
      </div>
    </>
  );
}
