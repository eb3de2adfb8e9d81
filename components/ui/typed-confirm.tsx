import { useId } from "react";

type Props = { phrase: string; value: string; onChange: (v: string) => void };

/** "Type X to confirm": the last guard before a delete that disconnects people. */
export function TypedConfirm({ phrase, value, onChange }: Props) {
  const id = useId();
  return (
    <div className="mt-4">
      <label htmlFor={id} className="mb-1 block text-sm font-medium">
        Type <span className="font-mono">{phrase}</span> to confirm
      </label>
      <input
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        // It appears once the dialog knows who would be disconnected: where the user types next.
        autoFocus
        autoComplete="off"
        spellCheck={false}
        className="w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-sm focus:outline-2 focus:outline-blue-600"
      />
    </div>
  );
}
