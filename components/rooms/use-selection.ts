"use client";

import { useCallback, useMemo, useState } from "react";

/**
 * Ticked rooms of a filtered list. Only names still matching count as chosen, so a room that
 * vanished or no longer matches the search is never deleted by an old tick.
 */
export function useSelection(matching: readonly string[]) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const chosen = useMemo(() => matching.filter((n) => selected.has(n)), [matching, selected]);
  const allChosen = matching.length > 0 && chosen.length === matching.length;
  const toggle = useCallback(
    (name: string) =>
      setSelected((s) => {
        const n = new Set(s);
        if (n.has(name)) n.delete(name);
        else n.add(name);
        return n;
      }),
    [],
  );
  const toggleAll = useCallback(
    () => setSelected(allChosen ? new Set() : new Set(matching)),
    [allChosen, matching],
  );
  const clear = useCallback(() => setSelected(new Set()), []);
  return {
    isSelected: (n: string) => selected.has(n),
    chosen,
    allChosen,
    toggle,
    toggleAll,
    clear,
  };
}

export type Selection = ReturnType<typeof useSelection>;
