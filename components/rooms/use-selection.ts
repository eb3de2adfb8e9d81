"use client";

import { useCallback, useMemo, useState } from "react";

/**
 * Ticked rooms of a filtered list. Only names still matching count as chosen, so a room that
 * vanished or no longer matches the search is never deleted by an old tick. When the list is
 * paged on the server, `loadAll` fetches every matching name for "select all".
 */
export function useSelection(
  matching: readonly string[],
  opts: { count?: number; loadAll?: () => Promise<string[]> } = {},
) {
  const { count = matching.length, loadAll } = opts;
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [loading, setLoading] = useState(false);
  // Paged: the server's list of all matching names is what "select all" ticked.
  const chosen = useMemo(
    () => (loadAll ? [...selected] : matching.filter((n) => selected.has(n))),
    [loadAll, matching, selected],
  );
  const allChosen = count > 0 && chosen.length >= count;
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
  const toggleAll = useCallback(async () => {
    if (allChosen) return setSelected(new Set());
    // Every match is on screen: no need to ask the server.
    if (!loadAll || matching.length >= count) return setSelected(new Set(matching));
    setLoading(true);
    try {
      setSelected(new Set(await loadAll()));
    } finally {
      setLoading(false);
    }
  }, [allChosen, matching, loadAll, count]);
  // Clearing nothing changes nothing (no re-render of every row on each search keystroke).
  const clear = useCallback(() => setSelected((s) => (s.size ? new Set() : s)), []);
  return {
    isSelected: (n: string) => selected.has(n),
    chosen,
    allChosen,
    loading,
    toggle,
    toggleAll,
    clear,
  };
}

export type Selection = ReturnType<typeof useSelection>;
