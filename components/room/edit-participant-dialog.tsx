"use client";

import { useState, type FormEvent } from "react";
import { updateParticipant } from "@/app/p/[project]/rooms/[room]/actions";
import { fieldErrorsOf } from "@/lib/procedures/field-errors";
import type { FieldErrors } from "@/lib/procedures/result";
import { participantFormSchema, type ParticipantForm } from "@/lib/rooms/control-schema";
import type { ParticipantView } from "@/lib/rooms/participant-view";
import { FormActions } from "@/components/ui/form-actions";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { useRoomAction } from "./use-room-action";

type Props = {
  project: string;
  room: string;
  participant: ParticipantView | null;
  onClose: () => void;
};

export function EditParticipantDialog({ project, room, participant, onClose }: Props) {
  return (
    <Dialog
      open={participant !== null}
      onOpenChange={(o) => !o && onClose()}
      title={`Edit ${participant?.identity ?? ""}`}
      description="Changes reach the participant at once. Permissions apply to what they publish and receive from now on."
    >
      {participant && (
        <EditForm
          key={participant.sid}
          project={project}
          room={room}
          participant={participant}
          onClose={onClose}
        />
      )}
    </Dialog>
  );
}

const PERMISSIONS: [keyof ParticipantForm, string][] = [
  ["canPublish", "May publish audio and video"],
  ["canSubscribe", "May subscribe to others"],
  ["canPublishData", "May send data messages"],
  ["hidden", "Hidden from other participants"],
];

function EditForm({
  project,
  room,
  participant,
  onClose,
}: {
  project: string;
  room: string;
  participant: ParticipantView;
  onClose: () => void;
}) {
  const [values, setValues] = useState<ParticipantForm>({
    name: participant.name,
    metadata: participant.metadata,
    canPublish: participant.permission.canPublish,
    canSubscribe: participant.permission.canSubscribe,
    canPublishData: participant.permission.canPublishData,
    hidden: participant.permission.hidden,
  });
  const [errors, setErrors] = useState<FieldErrors>();
  const mutation = useRoomAction(
    project,
    room,
    updateParticipant,
    () => `${participant.identity} updated`,
    onClose,
  );

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const check = participantFormSchema.safeParse(values);
    if (!check.success) return setErrors(fieldErrorsOf(check.error));
    setErrors(undefined);
    mutation.mutate(
      { project, room, identity: participant.identity, ...check.data },
      { onSuccess: (res) => !res.ok && setErrors(res.error.fieldErrors) },
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <Field
        label="Display name"
        value={values.name}
        onChange={(e) => setValues({ ...values, name: e.target.value })}
        errors={errors?.name}
      />
      <Field
        label="Participant metadata"
        multiline
        value={values.metadata}
        onChange={(e) => setValues({ ...values, metadata: e.target.value })}
        errors={errors?.metadata}
        hint="Free text or JSON; JSON is checked."
      />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Permissions</legend>
        {PERMISSIONS.map(([key, label]) => (
          <label key={key} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={values[key] as boolean}
              onChange={(e) => setValues({ ...values, [key]: e.target.checked })}
            />
            {label}
          </label>
        ))}
      </fieldset>
      <FormActions
        onCancel={onClose}
        pending={mutation.isPending}
        label="Save"
        pendingLabel="Saving…"
      />
    </form>
  );
}
