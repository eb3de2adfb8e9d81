"use client";

import { useState, type FormEvent } from "react";
import { sendData } from "@/app/p/[project]/rooms/[room]/actions";
import { fieldErrorsOf } from "@/lib/procedures/field-errors";
import type { FieldErrors } from "@/lib/procedures/result";
import { sendDataFormSchema } from "@/lib/rooms/control-schema";
import { plural } from "@/lib/format";
import { FormActions } from "@/components/ui/form-actions";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { useRoomAction } from "./use-room-action";

type Props = { project: string; room: string; open: boolean; onClose: () => void };

export function SendDataDialog({ project, room, open, onClose }: Props) {
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => !o && onClose()}
      title="Send a data message"
      description="Delivered reliably to everyone in the room, from the server."
    >
      {open && <SendForm project={project} room={room} onClose={onClose} />}
    </Dialog>
  );
}

function SendForm({ project, room, onClose }: Omit<Props, "open">) {
  const [topic, setTopic] = useState("");
  const [text, setText] = useState("");
  const [errors, setErrors] = useState<FieldErrors>();
  const mutation = useRoomAction(
    project,
    room,
    sendData,
    (d) => `Message sent to ${plural(d.recipients, "participant")}`,
    onClose,
  );
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const check = sendDataFormSchema.safeParse({ topic, text });
    if (!check.success) return setErrors(fieldErrorsOf(check.error));
    setErrors(undefined);
    mutation.mutate(
      { project, room, topic, text },
      { onSuccess: (res) => !res.ok && setErrors(res.error.fieldErrors) },
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <Field
        label="Topic"
        value={topic}
        onChange={(e) => setTopic(e.target.value)}
        errors={errors?.topic}
        placeholder="optional, e.g. announcements"
      />
      <Field
        label="Message"
        multiline
        value={text}
        onChange={(e) => setText(e.target.value)}
        errors={errors?.text}
      />
      <FormActions
        onCancel={onClose}
        pending={mutation.isPending}
        label="Send"
        pendingLabel="Sending…"
      />
    </form>
  );
}
