"use client";

import { useId } from "react";

type Props = {
  label: string;
  value: string;
  onChange: (text: string) => void;
  hint: string;
  errors?: string[];
  placeholder?: string;
};

/** A list typed one entry per line (or separated by commas), with its errors announced. */
export function ListField({ label, value, onChange, hint, errors, placeholder }: Props) {
  const id = useId();
  const invalid = errors !== undefined && errors.length > 0;
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-800">
        {label}
      </label>
      <textarea
        id={id}
        rows={2}
        value={value}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={invalid || undefined}
        aria-describedby={`${id}-hint${invalid ? ` ${id}-error` : ""}`}
        className={`w-full rounded-md border bg-white px-3 py-2 font-mono text-sm shadow-sm focus:outline-2 focus:outline-blue-600 ${invalid ? "border-red-500" : "border-slate-300"}`}
      />
      <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
        {hint}
      </p>
      {invalid && (
        <p id={`${id}-error`} role="alert" className="mt-1 text-xs font-medium text-red-600">
          {errors.join(". ")}
        </p>
      )}
    </div>
  );
}
