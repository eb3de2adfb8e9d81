"use client";

import { useState, type FormEvent } from "react";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-actions";
import { ListField } from "@/components/sip/list-field";
import { errorsFor } from "@/components/sip/use-sip-action";
import { fieldErrorsOf } from "@/lib/procedures/field-errors";
import {
  KINDS,
  LAYOUTS,
  PRESETS,
  startEgressSchema,
  type StartEgressInput,
  type StartKind,
} from "@/lib/egress/schema";
import { EncodingFields } from "./encoding-fields";
import { StartOutcome } from "./start-outcome";
import { useStart } from "./use-start";

type Props = { project: string; room?: string; open: boolean; onClose: () => void };

const KIND_WORDS: Record<StartKind, string> = {
  room_composite: "Room (composite)",
  participant: "Participant",
  track: "Track",
};
const KIND_HINT: Record<StartKind, string> = {
  room_composite: "Everyone in the room, mixed: audio only, or video in a layout.",
  participant: "One participant's camera (or screen share) and microphone.",
  track: "One track as published, not re-encoded, to a file.",
};

const select = "rounded-md border border-slate-300 bg-white px-3 py-2 text-sm";

export function StartEgressDialog({ project, room, open, onClose }: Props) {
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => !o && onClose()}
      title="Start a recording or stream"
      description="LiveKit hands the request to an egress service (livekit/egress), which joins the room and writes a file or pushes a stream."
    >
      {open && <StartForm project={project} room={room} onClose={onClose} />}
    </Dialog>
  );
}

function StartForm({ project, room, onClose }: Omit<Props, "open">) {
  const [f, setF] = useState({
    room: room ?? "",
    kind: "room_composite" as StartKind,
    audioOnly: true,
    layout: "grid" as (typeof LAYOUTS)[number],
    identity: "",
    trackId: "",
    output: "file" as "file" | "stream",
    filepath: "recordings/{room_name}-{time}.ogg",
    urls: "",
    preset: "H264_720P_30" as (typeof PRESETS)[number],
    audioCodec: "opus" as "opus" | "aac",
  });
  const set = <K extends keyof typeof f>(k: K, v: (typeof f)[K]) => setF((x) => ({ ...x, [k]: v }));
  const s = useStart(project);
  const { phase } = s;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const input: StartEgressInput = {
      ...f,
      urls: f.urls
        .split("\n")
        .map((u) => u.trim())
        .filter(Boolean),
    };
    // The server checks again with the same schema.
    const check = startEgressSchema.safeParse(input);
    if (!check.success) return s.setErrors(fieldErrorsOf(check.error));
    void s.start({ ...input, project });
  }

  if (
    phase.phase === "waiting" ||
    phase.phase === "failed" ||
    phase.phase === "cancelled" ||
    phase.phase === "started"
  )
    return <StartOutcome s={s} onClose={onClose} onRetry={() => s.setPhase({ phase: "form" })} />;

  const e = s.errors;
  const composite = f.kind === "room_composite";
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3" aria-label="Start egress">
      <Field
        label="Room"
        value={f.room}
        onChange={(ev) => set("room", ev.target.value)}
        errors={e?.room}
        readOnly={room !== undefined}
        required
      />
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-slate-800">What to record</legend>
        <div className="flex flex-wrap gap-4 text-sm">
          {KINDS.map((k) => (
            <label key={k} className="flex items-center gap-1.5">
              <input
                type="radio"
                name="kind"
                checked={f.kind === k}
                onChange={() => set("kind", k)}
              />
              {KIND_WORDS[k]}
            </label>
          ))}
        </div>
        <p className="mt-1 text-xs text-slate-500">{KIND_HINT[f.kind]}</p>
      </fieldset>
      {composite && (
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={f.audioOnly}
            onChange={(ev) => set("audioOnly", ev.target.checked)}
          />
          Audio only
        </label>
      )}
      {composite && !f.audioOnly && (
        <div>
          <label htmlFor="egress-layout" className="mb-1 block text-sm font-medium text-slate-800">
            Layout
          </label>
          <select
            id="egress-layout"
            className={select}
            value={f.layout}
            onChange={(ev) => set("layout", ev.target.value as typeof f.layout)}
          >
            {LAYOUTS.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </div>
      )}
      {f.kind === "participant" && (
        <Field
          label="Participant identity"
          value={f.identity}
          onChange={(ev) => set("identity", ev.target.value)}
          errors={e?.identity}
        />
      )}
      {f.kind === "track" && (
        <Field
          label="Track id"
          value={f.trackId}
          placeholder="TR_…"
          onChange={(ev) => set("trackId", ev.target.value)}
          errors={e?.trackId}
          hint="From the room's participants (each track's id)."
        />
      )}
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-slate-800">Output</legend>
        <div className="flex gap-4 text-sm">
          <label className="flex items-center gap-1.5">
            <input
              type="radio"
              name="output"
              checked={f.output === "file"}
              onChange={() => set("output", "file")}
            />
            File
          </label>
          <label className="flex items-center gap-1.5">
            <input
              type="radio"
              name="output"
              checked={f.output === "stream"}
              onChange={() => set("output", "stream")}
            />
            Stream (RTMP)
          </label>
        </div>
        {e?.output && (
          <p role="alert" className="mt-1 text-xs font-medium text-red-600">
            {e.output.join(". ")}
          </p>
        )}
      </fieldset>
      {f.output === "file" ? (
        <Field
          label="File path"
          value={f.filepath}
          onChange={(ev) => set("filepath", ev.target.value)}
          errors={e?.filepath}
          hint="Relative to the egress service's output (its bucket or folder); {room_name} and {time} are filled in. .mp4 for video, .ogg for audio only."
        />
      ) : (
        <ListField
          label="Stream URLs"
          value={f.urls}
          onChange={(v) => set("urls", v)}
          placeholder="rtmp://live.example.com/app/stream-key"
          hint="One per line. The key is never shown again: the console masks it everywhere, for everyone."
          errors={errorsFor(e, "urls")}
        />
      )}
      {f.kind !== "track" && (
        <EncodingFields
          preset={f.preset}
          audioCodec={f.audioCodec}
          onPreset={(v) => set("preset", v)}
          onCodec={(v) => set("audioCodec", v)}
          errors={e}
        />
      )}
      <FormActions
        onCancel={onClose}
        pending={phase.phase === "sending"}
        label="Start"
        pendingLabel="Starting…"
      />
    </form>
  );
}
