"use client";

import { useState, type FormEvent } from "react";
import { createDispatch } from "@/app/p/[project]/rooms/[room]/actions";
import { dispatchFormSchema } from "@/lib/agents/schema";
import { fieldErrorsOf } from "@/lib/procedures/field-errors";
import type { FieldErrors } from "@/lib/procedures/result";
import { FormActions } from "@/components/ui/form-actions";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { useRoomAction } from "@/components/room/use-room-action";
import { refreshDispatches } from "./use-dispatches";

type Props = { project: string; room: string; open: boolean; onClose: () => void };

export function CreateDispatchDialog({ project, room, open, onClose }: Props) {
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => !o && onClose()}
      title="Dispatch an agent"
      description="LiveKit offers the job to a worker registered under this agent name; the agent then joins the room."
    >
      {open && <DispatchForm project={project} room={room} onClose={onClose} />}
    </Dialog>
  );
}

function DispatchForm({ project, room, onClose }: Omit<Props, "open">) {
  const [agentName, setAgentName] = useState("");
  const [metadata, setMetadata] = useState("");
  const [errors, setErrors] = useState<FieldErrors>();
  const mutation = useRoomAction(
    project,
    room,
    createDispatch,
    (d) => `Dispatched ${d.agentName}`,
    () => {
      onClose();
      void refreshDispatches(project, room);
    },
  );
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    // The server checks again with the same schema.
    const check = dispatchFormSchema.safeParse({ agentName, metadata });
    if (!check.success) return setErrors(fieldErrorsOf(check.error));
    setErrors(undefined);
    mutation.mutate(
      { project, room, agentName, metadata },
      { onSuccess: (res) => !res.ok && setErrors(res.error.fieldErrors) },
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <Field
        label="Agent name"
        name="agentName"
        value={agentName}
        onChange={(e) => setAgentName(e.target.value)}
        errors={errors?.agentName}
        autoComplete="off"
        required
        autoFocus
        hint="The name its worker registered with (e.g. demo-agent). With no such worker running, nothing joins."
      />
      <Field
        label="Metadata"
        name="metadata"
        multiline
        value={metadata}
        onChange={(e) => setMetadata(e.target.value)}
        errors={errors?.metadata}
        hint="JSON handed to the agent's job, or empty."
      />
      <FormActions
        onCancel={onClose}
        pending={mutation.isPending}
        label="Dispatch agent"
        pendingLabel="Dispatching…"
      />
    </form>
  );
}
