"use client";

import { useState, type FormEvent } from "react";
import { updateEgressLayout, updateEgressStream } from "@/app/p/[project]/recordings/actions";
import { Dialog } from "@/components/ui/dialog";
import { FormActions } from "@/components/ui/form-actions";
import { ListField } from "@/components/sip/list-field";
import { errorsFor } from "@/components/sip/use-sip-action";
import { LAYOUTS, updateStreamSchema } from "@/lib/egress/schema";
import type { EgressView } from "@/lib/egress/types";
import { fieldErrorsOf } from "@/lib/procedures/field-errors";
import { useEgressAction } from "./use-egress-action";

type Props = { project: string; egress: EgressView | null; onClose: () => void };

/** A running composite's layout, and a stream's URLs (added, or removed by their masked name). */
export function UpdateEgressDialog({ project, egress, onClose }: Props) {
  return (
    <Dialog
      open={egress !== null}
      onOpenChange={(o) => !o && onClose()}
      title={`Change ${egress?.id ?? ""}`}
      description="Applies to the running recording at once; the audit trail records it (stream keys masked)."
    >
      {egress && (
        <div className="space-y-6">
          {egress.kind === "room_composite" && !egress.audioOnly && (
            <LayoutForm project={project} egress={egress} onClose={onClose} />
          )}
          {egress.streams.length > 0 && (
            <StreamsForm project={project} egress={egress} onClose={onClose} />
          )}
        </div>
      )}
    </Dialog>
  );
}

function LayoutForm({
  project,
  egress,
  onClose,
}: {
  project: string;
  egress: EgressView;
  onClose: () => void;
}) {
  const [layout, setLayout] = useState(egress.layout || "grid");
  const a = useEgressAction(
    project,
    updateEgressLayout,
    (e) => `Layout of ${e.id} changed`,
    onClose,
  );
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    a.run({ project, egressId: egress.id, layout: layout as (typeof LAYOUTS)[number] });
  }
  return (
    <form onSubmit={onSubmit} className="space-y-2" aria-label="Layout">
      <label htmlFor="update-layout" className="block text-sm font-medium text-slate-800">
        Layout
      </label>
      <select
        id="update-layout"
        className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
        value={layout}
        onChange={(e) => setLayout(e.target.value)}
      >
        {LAYOUTS.map((l) => (
          <option key={l} value={l}>
            {l}
          </option>
        ))}
      </select>
      {a.errors?.layout && (
        <p role="alert" className="text-xs font-medium text-red-600">
          {a.errors.layout.join(". ")}
        </p>
      )}
      <FormActions
        onCancel={onClose}
        pending={a.isPending}
        label="Change layout"
        pendingLabel="Changing…"
      />
    </form>
  );
}

function StreamsForm({
  project,
  egress,
  onClose,
}: {
  project: string;
  egress: EgressView;
  onClose: () => void;
}) {
  const [add, setAdd] = useState("");
  const [remove, setRemove] = useState<string[]>([]);
  const a = useEgressAction(
    project,
    updateEgressStream,
    (e) => `Streams of ${e.id} changed`,
    onClose,
  );
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const input = {
      egressId: egress.id,
      addUrls: add
        .split("\n")
        .map((u) => u.trim())
        .filter(Boolean),
      removeRefs: remove,
    };
    const check = updateStreamSchema.safeParse(input);
    if (!check.success) return a.setErrors(fieldErrorsOf(check.error));
    a.run({ project, ...input });
  }
  return (
    <form onSubmit={onSubmit} className="space-y-3" aria-label="Streams">
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-slate-800">Remove streams</legend>
        {egress.streams.map((s) => (
          <label key={s.ref} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={remove.includes(s.ref)}
              onChange={(e) =>
                setRemove((r) => (e.target.checked ? [...r, s.ref] : r.filter((x) => x !== s.ref)))
              }
            />
            <span className="font-mono text-xs">{s.url}</span>
          </label>
        ))}
      </fieldset>
      <ListField
        label="Add stream URLs"
        value={add}
        onChange={setAdd}
        placeholder="rtmp://live.example.com/app/stream-key"
        hint="One per line; keys are masked from here on."
        errors={errorsFor(a.errors, "addUrls")}
      />
      <FormActions
        onCancel={onClose}
        pending={a.isPending}
        label="Change streams"
        pendingLabel="Changing…"
      />
    </form>
  );
}
