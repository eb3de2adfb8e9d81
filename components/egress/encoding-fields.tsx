"use client";

import { PRESETS, type Preset } from "@/lib/egress/schema";
import type { FieldErrors } from "@/lib/procedures/result";

type Codec = "opus" | "aac";
type Props = {
  preset: Preset;
  audioCodec: Codec;
  onPreset: (v: Preset) => void;
  onCodec: (v: Codec) => void;
  errors?: FieldErrors;
};

const select = "rounded-md border border-slate-300 bg-white px-3 py-2 text-sm";

/** Preset and audio codec, with why Opus is the default (AAC needs faac on the egress host). */
export function EncodingFields({ preset, audioCodec, onPreset, onCodec, errors }: Props) {
  return (
    <div className="flex flex-wrap gap-4">
      <div>
        <label htmlFor="egress-preset" className="mb-1 block text-sm font-medium text-slate-800">
          Encoding preset
        </label>
        <select
          id="egress-preset"
          className={select}
          value={preset}
          onChange={(ev) => onPreset(ev.target.value as Preset)}
        >
          {PRESETS.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="egress-codec" className="mb-1 block text-sm font-medium text-slate-800">
          Audio codec
        </label>
        <select
          id="egress-codec"
          className={select}
          value={audioCodec}
          onChange={(ev) => onCodec(ev.target.value as Codec)}
          aria-describedby="egress-codec-hint"
          aria-invalid={errors?.audioCodec ? true : undefined}
        >
          <option value="opus">Opus (default)</option>
          <option value="aac">AAC</option>
        </select>
      </div>
      <p id="egress-codec-hint" className="w-full text-xs text-slate-500">
        Opus by default: AAC needs GStreamer&apos;s faac element, which many egress hosts lack;
        asking for it there fails the start and can take the egress service down. RTMP carries AAC
        only, so a stream needs a host with faac.
      </p>
      {errors?.audioCodec && (
        <p role="alert" className="w-full text-xs font-medium text-red-600">
          {errors.audioCodec.join(". ")}
        </p>
      )}
    </div>
  );
}
