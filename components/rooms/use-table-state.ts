"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { readTableState, tableStateToQuery, type SortKey, type TableState } from "./table-state";

const TEXT_COLUMNS: ReadonlySet<SortKey> = new Set(["name", "metadata"]);

export function useTableState() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const state = useMemo(() => readTableState(params), [params]);

  const update = useCallback(
    (patch: Partial<TableState>) => {
      const next = { ...state, ...patch };
      router.replace(`${pathname}${tableStateToQuery(next)}`, { scroll: false });
    },
    [state, router, pathname],
  );

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
