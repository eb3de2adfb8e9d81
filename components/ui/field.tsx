import { useId, type ChangeEvent, type InputHTMLAttributes, type ReactNode } from "react";

type FieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "onChange"> & {
  onChange?: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => void;
  label: string;
  hint?: ReactNode;
  errors?: string[];
  multiline?: boolean;
};

/** A labelled input whose errors are announced with it (aria-describedby). */
export function Field({
  label,
  hint,
  errors,
  multiline,
  className = "",
  id,
  ...props
}: FieldProps) {
  const auto = useId();
  const inputId = id ?? auto;
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  const invalid = errors !== undefined && errors.length > 0;
  const describedBy =
    [hint ? hintId : "", invalid ? errorId : ""].filter(Boolean).join(" ") || undefined;
  const inputClass = `w-full rounded-md border bg-white px-3 py-2 text-sm shadow-sm focus:outline-2 focus:outline-offset-0 focus:outline-blue-600 ${invalid ? "border-red-500" : "border-slate-300"}`;
  return (
    <div className={className}>
      <label htmlFor={inputId} className="mb-1 block text-sm font-medium text-slate-800">
        {label}
      </label>
      {multiline ? (
        <textarea
          id={inputId}
          name={props.name}
          value={props.value}
          onChange={props.onChange}
          rows={3}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          className={`${inputClass} font-mono`}
        />
      ) : (
        <input
          id={inputId}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          className={inputClass}
          {...props}
        />
      )}
      {hint && (
        <p id={hintId} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      )}
      {invalid && (
        <p id={errorId} role="alert" className="mt-1 text-xs font-medium text-red-600">
          {errors.join(". ")}
        </p>
      )}
    </div>
  );
}
