"use client";

import { useState, type FormEvent } from "react";
import { updateRoomMetadata } from "@/app/p/[project]/rooms/[room]/actions";
import { fieldErrorsOf } from "@/lib/procedures/field-errors";
import type { FieldErrors } from "@/lib/procedures/result";
import { metadataSchema } from "@/lib/rooms/control-schema";
import { FormActions } from "@/components/ui/form-actions";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { useRoomAction } from "./use-room-action";

type Props = { project: string; room: string; current: string; open: boolean; onClose: () => void };

export function RoomMetadataDialog({ project, room, current, open, onClose }: Props) {
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => !o && onClose()}
      title="Edit room metadata"
      description="Every participant in the room receives the new metadata."
    >
      {open && <MetadataForm project={project} room={room} current={current} onClose={onClose} />}
    </Dialog>
  );
}

function MetadataForm({ project, room, current, onClose }: Omit<Props, "open">) {
  const [value, setValue] = useState(current);
  const [errors, setErrors] = useState<FieldErrors>();
  const mutation = useRoomAction(
    project,
    room,
    updateRoomMetadata,
    () => "Room metadata updated",
    onClose,
  );
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const check = metadataSchema("Metadata").safeParse(value);
    if (!check.success) return setErrors({ metadata: fieldErrorsOf(check.error)._form });
    setErrors(undefined);
    mutation.mutate(
      { project, room, metadata: value },
      { onSuccess: (res) => !res.ok && setErrors(res.error.fieldErrors) },
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <Field
        label="Metadata"
        multiline
        value={value}
        onChange={(e) => setValue(e.target.value)}
        errors={errors?.metadata}
        hint="Free text or JSON, up to 512 KiB; JSON is checked."
      />
      <FormActions
        onCancel={onClose}
        pending={mutation.isPending}
        label="Save metadata"
        pendingLabel="Saving…"
      />
    </form>
  );
}
