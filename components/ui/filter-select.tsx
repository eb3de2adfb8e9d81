/** A labelled drop-down of a GET filter form (audit, history). */
export function FilterSelect({
  name,
  label,
  defaultValue,
  options,
}: {
  name: string;
  label: string;
  defaultValue: string;
  options: { value: string; label: string }[];
}) {
  return (
    <label className="flex flex-col gap-1">
      <span className="text-slate-600">{label}</span>
      <select
        name={name}
        defaultValue={defaultValue}
        className="h-9 rounded-md border border-slate-300 bg-white px-2"
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
