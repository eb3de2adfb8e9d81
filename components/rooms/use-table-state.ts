"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import {
  readTableState,
  tableStateToQuery,
  type SortKey,
  type TableState,
} from "@/lib/rooms/table-state";

const TEXT_COLUMNS: ReadonlySet<SortKey> = new Set(["name", "metadata"]);

/**
 * Search, sort and page: local state first (a keystroke shows at once), the URL after it
 * through the history API, so a link can be shared without the page being rendered again.
 */
export function useTableState() {
  const params = useSearchParams();
  const pathname = usePathname();
  const [state, setState] = useState<TableState>(() => readTableState(params));

  const update = useCallback(
    (patch: Partial<TableState>) => setState((prev) => ({ ...prev, ...patch })),
    [],
  );
  // The URL follows after the render, so typing never waits for it.
  const query = tableStateToQuery(state);
  useEffect(() => {
    if (`${window.location.pathname}${window.location.search}` === `${pathname}${query}`) return;
    window.history.replaceState(window.history.state, "", `${pathname}${query}`);
  }, [pathname, query]);

  const toggleSort = useCallback(
    (key: SortKey) => {
      if (state.sort === key) update({ dir: state.dir === "asc" ? "desc" : "asc", page: 1 });
      // Text reads A→Z first; numbers biggest first (the busiest rooms are what one looks for).
      else
        update({
          sort: key,
          dir: TEXT_COLUMNS.has(key) || key === "age" ? "asc" : "desc",
          page: 1,
        });
    },
    [state, update],
  );

  return { state, update, toggleSort };
}
