"use client";

import * as AlertDialog from "@radix-ui/react-alert-dialog";
import { useReturnFocus } from "@/components/ui/return-focus";
import { removeParticipant } from "@/app/p/[project]/rooms/[room]/actions";
import type { ParticipantView } from "@/lib/rooms/participant-view";
import { Button } from "@/components/ui/button";
import { overlayClass, panelClass } from "@/components/ui/dialog";
import { useRoomAction } from "./use-room-action";

type Props = {
  project: string;
  room: string;
  participant: ParticipantView | null;
  onClose: () => void;
};

export function RemoveParticipantDialog({ project, room, participant, onClose }: Props) {
  const returnFocus = useReturnFocus();
  // A phone participant's removal ends the call (LiveKit's SIP service hangs up).
  const phone = participant?.kind === "sip";
  const mutation = useRoomAction(
    project,
    room,
    removeParticipant,
    (d) =>
      d.status === "removed"
        ? `${participant?.identity} was removed`
        : `${participant?.identity} had already left`,
    onClose,
  );
  return (
    <AlertDialog.Root open={participant !== null} onOpenChange={(o) => !o && onClose()}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className={overlayClass} />
        <AlertDialog.Content className={panelClass} {...returnFocus}>
          <AlertDialog.Title className="text-lg font-semibold">
            {phone
              ? `Hang up the call with ${participant.identity}?`
              : `Remove ${participant?.identity}?`}
          </AlertDialog.Title>
          <AlertDialog.Description className="mt-3 space-y-2 text-sm text-slate-700">
            <span className="block">
              {participant?.identity} is disconnected from “{room}” now
              {participant && participant.tracks.length > 0
                ? ` and stops publishing ${participant.tracks.length} track${participant.tracks.length === 1 ? "" : "s"}`
                : ""}
              .
            </span>
            <span className="block font-medium">
              {phone
                ? "The phone call ends; the caller can call again."
                : "A participant whose token is still valid can rejoin. To keep them out, stop issuing them tokens."}
            </span>
          </AlertDialog.Description>
          <div className="mt-6 flex justify-end gap-2">
            <AlertDialog.Cancel asChild>
              <Button variant="secondary">Cancel</Button>
            </AlertDialog.Cancel>
            <Button
              variant="danger"
              busy={mutation.isPending}
              onClick={() =>
                participant && mutation.mutate({ project, room, identity: participant.identity })
              }
            >
              {mutation.isPending ? "Removing…" : phone ? "Hang up" : "Remove participant"}
            </Button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
