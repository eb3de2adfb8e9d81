"use client";

import { plural } from "@/lib/format";
import { Button } from "@/components/ui/button";
import type { Selection } from "./use-selection";

/** "Select all N matching" and the bulk delete that acts on the ticked rooms. */
export function SelectionBar({
  selection,
  matching,
  onDelete,
}: {
  selection: Selection;
  matching: number;
  onDelete: (names: string[]) => void;
}) {
  const n = selection.chosen.length;
  return (
    <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 bg-slate-50 px-3 py-2 text-sm">
      <label className="flex items-center gap-2">
        <input
          type="checkbox"
          checked={selection.allChosen}
          disabled={selection.loading}
          onChange={() => void selection.toggleAll()}
        />
        Select all {plural(matching, "matching room")}
      </label>
      {n > 0 && <span className="text-slate-600">{n} selected</span>}
      <Button
        variant="danger"
        size="sm"
        className="ml-auto"
        disabled={n === 0}
        onClick={() => onDelete(selection.chosen)}
      >
        Delete {n > 0 ? plural(n, "room") : "selected"}
      </Button>
    </div>
  );
}

/** A row's tick box for the bulk selection (plain props, so memoised rows stay cheap). */
export function SelectCell({
  checked,
  onToggle,
  name,
}: {
  checked: boolean;
  onToggle: (name: string) => void;
  name: string;
}) {
  return (
    <td className="px-2 py-2">
      <input
        type="checkbox"
        aria-label={`Select ${name}`}
        checked={checked}
        onChange={() => onToggle(name)}
      />
    </td>
  );
}
