"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { withQueryClient } from "@/components/live/engine";
import { useEffect, useState, type FormEvent } from "react";
import { toast } from "@/components/ui/toast";
import { createRoom } from "@/app/p/[project]/rooms/actions";
import type { FieldErrors } from "@/lib/procedures/result";
import { fieldErrorsOf } from "@/lib/procedures/field-errors";
import { createRoomSchema, METADATA_MAX_BYTES, type CreateRoomInput } from "@/lib/rooms/schema";
import { useProject } from "@/components/project-context";
import { FormActions } from "@/components/ui/form-actions";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { roomKeys, historyKeys } from "@/components/live/query-keys";
import { fetchResult } from "@/components/live/live-query";
import { useNow } from "@/components/rooms/use-now";
import { apiUrl } from "@/lib/procedures/routes";

type TextKey = Exclude<keyof CreateRoomInput, "syncStreams">;
type FieldSpec = {
  key: TextKey;
  label: string;
  /** Where it sits: on its own, side by side with its pair, or under "Advanced". */
  place: "main" | "pair" | "advanced";
  numeric?: boolean;
  multiline?: boolean;
  placeholder?: string;
  hint?: string;
};

/** The form, in order: one list, so a field is added (or renamed) in one place. */
const FIELDS: FieldSpec[] = [
  { key: "name", label: "Name", place: "main" },
  {
    key: "emptyTimeout",
    label: "Empty timeout (s)",
    place: "pair",
    numeric: true,
    placeholder: "server default",
    hint: "How long the room stays open if nobody joins. LiveKit's default: 5 min (300 s).",
  },
  {
    key: "departureTimeout",
    label: "Departure timeout (s)",
    place: "pair",
    numeric: true,
    placeholder: "server default",
    hint: "How long the room stays open after the last person leaves. LiveKit's default: 20 s.",
  },
  {
    key: "maxParticipants",
    label: "Max participants",
    place: "main",
    numeric: true,
    placeholder: "no limit",
  },
  {
    key: "metadata",
    label: "Metadata",
    place: "main",
    multiline: true,
    hint: `Free text or JSON, up to ${METADATA_MAX_BYTES / 1024} KiB.`,
  },
  {
    key: "agents",
    label: "Agents to dispatch",
    place: "main",
    placeholder: "none",
    hint: "Agent names, separated by commas (e.g. demo-agent): each joins when the room opens, if its worker is running.",
  },
  { key: "minPlayoutDelay", label: "Min playout delay (ms)", place: "advanced", numeric: true },
  { key: "maxPlayoutDelay", label: "Max playout delay (ms)", place: "advanced", numeric: true },
];

type Values = Record<TextKey, string> & { syncStreams: boolean };
const EMPTY = {
  ...(Object.fromEntries(FIELDS.map((f) => [f.key, ""])) as Record<TextKey, string>),
  syncStreams: false,
} satisfies Values;

/** Consecutive "pair" fields share a row; every other field has one of its own. */
function rowsOf(fields: FieldSpec[]): FieldSpec[][] {
  const rows: FieldSpec[][] = [];
  for (const f of fields) {
    const last = rows.at(-1);
    if (f.place === "pair" && last?.[0]?.place === "pair" && last.length < 2) last.push(f);
    else rows.push([f]);
  }
  return rows;
}

function toInput(v: Values) {
  // Empty optional fields are left out so the server applies its own defaults.
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== "")) as CreateRoomInput;
}

/** The create form; loaded (and opened) when the operator first asks for it. */
/** Loaded when first opened, with react-query and the tab's client (withQueryClient). */
export const CreateRoomDialog = withQueryClient(CreateRoomDialogView);

function CreateRoomDialogView({
  open,
  setOpen,
}: {
  open: boolean;
  setOpen: (open: boolean) => void;
}) {
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
  const field = (f: FieldSpec) => (
    <Field
      key={f.key}
      label={f.label}
      name={f.key}
      value={values[f.key]}
      onChange={set(f.key)}
      errors={fieldErrors?.[f.key]}
      placeholder={f.placeholder}
      hint={f.hint}
      multiline={f.multiline}
      inputMode={f.numeric ? "numeric" : undefined}
      {...(f.key === "name" ? { autoComplete: "off", required: true, autoFocus: true } : {})}
    />
  );

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
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title="Create room"
        description="Rooms are also created automatically when the first participant joins; create one here to set its limits up front."
      >
        <form onSubmit={onSubmit} noValidate className="space-y-4">
          {rowsOf(FIELDS.filter((f) => f.place !== "advanced")).map((row) =>
            row.length === 1 ? (
              field(row[0]!)
            ) : (
              <div key={row[0]!.key} className="grid grid-cols-2 gap-3">
                {row.map(field)}
              </div>
            ),
          )}
          <RecentlyClosed project={project} name={values.name} />
          <details className="rounded-md border border-slate-200 p-3">
            <summary className="cursor-pointer text-sm font-medium text-slate-700">
              Advanced
            </summary>
            <div className="mt-3 grid grid-cols-2 gap-3">
              {FIELDS.filter((f) => f.place === "advanced").map(field)}
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

/**
 * A room of this name closed seconds ago: LiveKit keeps the old room for ~30 s, and a room
 * created now can be that old room, closed by its pending timeout. Says how long to wait.
 */
function RecentlyClosed({ project, name }: { project: string; name: string }) {
  const [asked, setAsked] = useState(name);
  useEffect(() => {
    const t = setTimeout(() => setAsked(name), 300);
    return () => clearTimeout(t);
  }, [name]);
  const now = useNow();
  const { data } = useQuery({
    queryKey: historyKeys.recentlyClosed(project, asked),
    queryFn: ({ signal }) =>
      fetchResult<{ closedAt: string | null; windowSec: number }>(
        apiUrl(project, "recentlyClosed", { params: { room: asked } }),
        signal,
      ),
    enabled: asked.trim() !== "",
    staleTime: 5_000,
  });
  if (!data?.closedAt || asked !== name) return null;
  const left = Math.ceil(data.windowSec - (now - Date.parse(data.closedAt)) / 1000);
  if (left <= 0) return null;
  return (
    <p role="status" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
      A room named “{name}” closed {Math.max(0, data.windowSec - left)} s ago. LiveKit keeps the old
      room for about {data.windowSec} s, and a room created now can be closed by its pending
      timeout. Wait {left} s, or choose another name.
    </p>
  );
}
