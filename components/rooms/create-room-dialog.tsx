"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { createRoom } from "@/app/p/[project]/rooms/actions";
import type { FieldErrors } from "@/lib/procedures/result";
import { fieldErrorsOf } from "@/lib/procedures/field-errors";
import { createRoomSchema, METADATA_MAX_BYTES, type CreateRoomInput } from "@/lib/rooms/schema";
import { useProject } from "@/components/project-context";
import { Button } from "@/components/ui/button";
import { FormActions } from "@/components/ui/form-actions";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { roomKeys } from "./use-rooms";

const EMPTY = {
  name: "",
  emptyTimeout: "",
  departureTimeout: "",
  maxParticipants: "",
  metadata: "",
  minPlayoutDelay: "",
  maxPlayoutDelay: "",
  syncStreams: false,
};
type Values = typeof EMPTY;

function toInput(v: Values) {
  // Empty optional fields are left out so the server applies its own defaults.
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== "")) as CreateRoomInput;
}

function errorsOf(fieldErrors: FieldErrors | undefined, key: string) {
  return fieldErrors?.[key];
}

export function CreateRoomDialog() {
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<Values>(EMPTY);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>();
  const [formError, setFormError] = useState<string>();
  const queryClient = useQueryClient();
  const { project } = useProject();

  const mutation = useMutation({
    mutationFn: (input: CreateRoomInput) => createRoom({ ...input, project }),
    onSuccess: async (result) => {
      if (!result.ok) {
        setFieldErrors(result.error.fieldErrors);
        setFormError(result.error.fieldErrors ? undefined : result.error.message);
        return;
      }
      toast.success(`Room "${result.data.name}" created`);
      setOpen(false);
      setValues(EMPTY);
      setFieldErrors(undefined);
      await queryClient.invalidateQueries({ queryKey: roomKeys.all(project) });
    },
    onError: () =>
      setFormError("The console's server did not answer. Your input is kept; try again."),
  });

  const set = (key: keyof Values) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [key]: e.target.value }));

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setFormError(undefined);
    const input = toInput(values);
    // Same schema as the server, for instant feedback; the server validates again.
    const check = createRoomSchema.safeParse(input);
    if (!check.success) {
      setFieldErrors(fieldErrorsOf(check.error));
      return;
    }
    setFieldErrors(undefined);
    mutation.mutate(input);
  }

  return (
    <>
      <Button onClick={() => setOpen(true)}>Create room</Button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title="Create room"
        description="Rooms are also created automatically when the first participant joins; create one here to set its limits up front."
      >
        <form onSubmit={onSubmit} noValidate className="space-y-4">
          <Field
            label="Name"
            name="name"
            value={values.name}
            onChange={set("name")}
            errors={errorsOf(fieldErrors, "name")}
            autoComplete="off"
            required
            autoFocus
          />
          <div className="grid grid-cols-2 gap-3">
            <Field
              label="Empty timeout (s)"
              name="emptyTimeout"
              inputMode="numeric"
              value={values.emptyTimeout}
              onChange={set("emptyTimeout")}
              errors={errorsOf(fieldErrors, "emptyTimeout")}
              placeholder="server default"
              hint="Closes the room this long after the last one leaves, or if no one joins."
            />
            <Field
              label="Departure timeout (s)"
              name="departureTimeout"
              inputMode="numeric"
              value={values.departureTimeout}
              onChange={set("departureTimeout")}
              errors={errorsOf(fieldErrors, "departureTimeout")}
              placeholder="server default"
              hint="Keeps the room open this long after the last participant leaves."
            />
          </div>
          <Field
            label="Max participants"
            name="maxParticipants"
            inputMode="numeric"
            value={values.maxParticipants}
            onChange={set("maxParticipants")}
            errors={errorsOf(fieldErrors, "maxParticipants")}
            placeholder="no limit"
          />
          <Field
            label="Metadata"
            name="metadata"
            multiline
            value={values.metadata}
            onChange={set("metadata")}
            errors={errorsOf(fieldErrors, "metadata")}
            hint={`Free text or JSON, up to ${METADATA_MAX_BYTES / 1024} KiB.`}
          />
          <details className="rounded-md border border-slate-200 p-3">
            <summary className="cursor-pointer text-sm font-medium text-slate-700">
              Advanced
            </summary>
            <div className="mt-3 grid grid-cols-2 gap-3">
              <Field
                label="Min playout delay (ms)"
                name="minPlayoutDelay"
                inputMode="numeric"
                value={values.minPlayoutDelay}
                onChange={set("minPlayoutDelay")}
                errors={errorsOf(fieldErrors, "minPlayoutDelay")}
              />
              <Field
                label="Max playout delay (ms)"
                name="maxPlayoutDelay"
                inputMode="numeric"
                value={values.maxPlayoutDelay}
                onChange={set("maxPlayoutDelay")}
                errors={errorsOf(fieldErrors, "maxPlayoutDelay")}
              />
            </div>
            <label className="mt-3 flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="syncStreams"
                checked={values.syncStreams}
                onChange={(e) => setValues((v) => ({ ...v, syncStreams: e.target.checked }))}
              />
              Sync streams (keep audio and video of a participant in sync)
            </label>
          </details>
          {formError && (
            <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-700">
              {formError}
            </p>
          )}
          <FormActions
            onCancel={() => setOpen(false)}
            pending={mutation.isPending}
            label="Create room"
            pendingLabel="Creating…"
          />
        </form>
      </Dialog>
    </>
  );
}
