"use client";

import { useState, type FormEvent } from "react";
import { createIngress, updateIngress } from "@/app/p/[project]/streams/actions";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-actions";
import { useSipAction } from "@/components/sip/use-sip-action";
import { AUDIO_PRESETS, INPUT_LABEL, INPUT_TYPES, VIDEO_PRESETS } from "@/lib/ingress/schema";
import type { IngressView } from "@/lib/ingress/types";

type Props = {
  project: string;
  /** null: a new input; undefined: closed. */
  ingress: IngressView | null | undefined;
  room?: string;
  onClose: () => void;
  onCreated: (i: IngressView) => void;
  onSaved: () => void;
};

export function IngressDialog(props: Props) {
  const { ingress, onClose } = props;
  return (
    <Dialog
      open={ingress !== undefined}
      onOpenChange={(o) => !o && onClose()}
      title={ingress ? `Edit stream input “${ingress.name}”` : "New stream input"}
      description="An address an encoder (OBS, ffmpeg, a camera) publishes to, or a URL LiveKit pulls: the stream joins the room as one participant."
    >
      {ingress !== undefined && <IngressForm {...props} ingress={ingress} />}
    </Dialog>
  );
}

const presetLabel = (p: string) => (p ? p.replaceAll("_", " ") : "LiveKit's default");

function IngressForm({
  project,
  ingress,
  room,
  onClose,
  onCreated,
  onSaved,
}: Props & { ingress: IngressView | null }) {
  const [f, setF] = useState({
    inputType: ingress?.inputType ?? "rtmp",
    name: ingress?.name ?? "",
    url: "",
    room: ingress?.room ?? room ?? "",
    identity: ingress?.identity ?? "",
    participantName: ingress?.participantName ?? "",
    transcoding: ingress?.transcoding ?? true,
    audioPreset: ingress?.audioPreset ?? "",
    videoPreset: ingress?.videoPreset ?? "",
  });
  const set =
    <K extends keyof typeof f>(k: K) =>
    (v: (typeof f)[K]) =>
      setF((x) => ({ ...x, [k]: v }));
  const create = useSipAction(createIngress, (i) => `Stream input “${i.name}” created`, onCreated);
  const update = useSipAction(
    updateIngress,
    (i) => `Stream input “${i.name}” saved`,
    () => {
      onSaved();
      onClose();
    },
  );
  const action = ingress ? update : create;
  const errors = action.errors;
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const { inputType, url, ...common } = f;
    if (ingress) update.run({ project, id: ingress.id, ...common });
    else create.run({ project, inputType, url: inputType === "url" ? url : "", ...common });
  }
  const select = "w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm";
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3">
      {!ingress && (
        <fieldset>
          <legend className="mb-1 text-sm font-medium text-slate-800">Input</legend>
          <div className="flex gap-4 text-sm">
            {INPUT_TYPES.map((t) => (
              <label key={t} className="flex items-center gap-1">
                <input
                  type="radio"
                  name="inputType"
                  checked={f.inputType === t}
                  onChange={() =>
                    setF((x) => ({
                      ...x,
                      inputType: t,
                      transcoding: t !== "whip" ? true : x.transcoding,
                    }))
                  }
                />
                {INPUT_LABEL[t]}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <Field
        label="Name"
        value={f.name}
        onChange={(e) => set("name")(e.target.value)}
        errors={errors?.name}
      />
      {!ingress && f.inputType === "url" && (
        <Field
          label="Source URL"
          value={f.url}
          placeholder="https://example.com/live.m3u8"
          onChange={(e) => set("url")(e.target.value)}
          errors={errors?.url}
          hint="http, https (HLS, a file) or srt. Kept as a secret: it may hold credentials."
        />
      )}
      <Field
        label="Room"
        value={f.room}
        onChange={(e) => set("room")(e.target.value)}
        errors={errors?.room}
        hint="The room the stream joins (made when the stream starts)."
      />
      <Field
        label="Participant identity"
        value={f.identity}
        onChange={(e) => set("identity")(e.target.value)}
        errors={errors?.identity}
      />
      <Field
        label="Participant name"
        value={f.participantName}
        onChange={(e) => set("participantName")(e.target.value)}
        errors={errors?.participantName}
        hint={ingress ? "LiveKit keeps the old name when this is left empty." : undefined}
      />
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={f.transcoding}
          disabled={f.inputType !== "whip"}
          onChange={(e) => set("transcoding")(e.target.checked)}
          aria-describedby="transcoding-hint"
        />
        Transcoding
      </label>
      <p id="transcoding-hint" className="text-xs text-slate-600">
        {f.inputType === "whip"
          ? "Off: the publisher's tracks are forwarded as sent (lower latency, no simulcast layers)."
          : "RTMP and URL inputs are always transcoded."}
      </p>
      {errors?.transcoding && (
        <p className="text-sm text-red-700">{errors.transcoding.join(" ")}</p>
      )}
      {f.transcoding && (
        <div className="grid gap-3 sm:grid-cols-[3fr_2fr]">
          <Preset
            label="Video preset"
            id="ingress-video"
            value={f.videoPreset}
            options={VIDEO_PRESETS}
            onChange={set("videoPreset")}
            errors={errors?.videoPreset}
            className={select}
          />
          <Preset
            label="Audio preset"
            id="ingress-audio"
            value={f.audioPreset}
            options={AUDIO_PRESETS}
            onChange={set("audioPreset")}
            errors={errors?.audioPreset}
            className={select}
          />
        </div>
      )}
      <FormActions
        onCancel={onClose}
        pending={action.isPending}
        label={ingress ? "Save input" : "Create input"}
        pendingLabel="Saving…"
      />
    </form>
  );
}

function Preset<T extends string>(p: {
  label: string;
  id: string;
  value: T;
  options: readonly T[];
  onChange: (v: T) => void;
  errors?: string[];
  className: string;
}) {
  return (
    <div>
      <label htmlFor={p.id} className="mb-1 block text-sm font-medium text-slate-800">
        {p.label}
      </label>
      <select
        id={p.id}
        value={p.value}
        onChange={(e) => p.onChange(e.target.value as T)}
        className={p.className}
      >
        {p.options.map((o) => (
          <option key={o} value={o}>
            {presetLabel(o)}
          </option>
        ))}
      </select>
      {p.errors && <p className="mt-1 text-sm text-red-700">{p.errors.join(" ")}</p>}
    </div>
  );
}
