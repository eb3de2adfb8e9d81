"use client";

import * as AlertDialog from "@radix-ui/react-alert-dialog";
import { useState } from "react";
import { transferCall } from "@/app/p/[project]/rooms/[room]/actions";
import { useRoomAction } from "@/components/room/use-room-action";
import { Button } from "@/components/ui/button";
import { overlayClass, panelClass } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { useReturnFocus } from "@/components/ui/return-focus";
import { fieldErrorsOf } from "@/lib/procedures/field-errors";
import type { FieldErrors } from "@/lib/procedures/result";
import type { ParticipantView } from "@/lib/rooms/participant-view";
import { transferCallSchema } from "@/lib/sip/call-schema";

type Props = {
  project: string;
  room: string;
  participant: ParticipantView | null;
  onClose: () => void;
};

/** Hands a phone call to another number or SIP address; the caller leaves this room. */
export function TransferCallDialog({ project, room, participant, onClose }: Props) {
  const returnFocus = useReturnFocus();
  const [to, setTo] = useState("");
  const [errors, setErrors] = useState<FieldErrors>();
  const mutation = useRoomAction(
    project,
    room,
    transferCall,
    (d) => `${participant?.identity} was transferred to ${d.transferredTo}`,
    onClose,
  );
  function transfer() {
    if (!participant) return;
    const input = { room, identity: participant.identity, transferTo: to.trim() };
    const check = transferCallSchema.safeParse(input);
    if (!check.success) return setErrors(fieldErrorsOf(check.error));
    setErrors(undefined);
    mutation.mutate(
      { project, ...input },
      { onSuccess: (res) => !res.ok && setErrors(res.error.fieldErrors) },
    );
  }
  return (
    <AlertDialog.Root open={participant !== null} onOpenChange={(o) => !o && onClose()}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className={overlayClass} />
        <AlertDialog.Content className={panelClass} {...returnFocus}>
          <AlertDialog.Title className="text-lg font-semibold">
            Transfer the call with {participant?.identity}?
          </AlertDialog.Title>
          <AlertDialog.Description className="mt-3 text-sm text-slate-700">
            The caller ({participant?.sip?.phoneNumber || "number hidden"}) is handed to the address
            below and leaves “{room}”. If no one there answers, the call ends.
          </AlertDialog.Description>
          <div className="mt-4">
            <Field
              label="Transfer to"
              value={to}
              placeholder="tel:+15551234567 or sip:desk@example.com"
              onChange={(e) => setTo(e.target.value)}
              errors={errors?.transferTo}
            />
          </div>
          <div className="mt-6 flex justify-end gap-2">
            <AlertDialog.Cancel asChild>
              <Button variant="secondary">Cancel</Button>
            </AlertDialog.Cancel>
            <Button variant="danger" busy={mutation.isPending} onClick={transfer}>
              {mutation.isPending ? "Transferring…" : "Transfer call"}
            </Button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
