"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import {
  readTableState,
  sortedBy,
  tableStateToQuery,
  type SortKey,
  type TableState,
} from "@/lib/rooms/table-state";

/** How long typing pauses before the URL takes the search. */
const URL_AFTER_TYPING_MS = 300;

/**
 * Search, sort and page: local state first (a keystroke shows at once), the URL after it
 * through the history API, so a link can be shared without the page being rendered again.
 * `onChange` hears each new state from the event that made it (to ask for its rows at once);
 * give a stable function (useCallback).
 */
export function useTableState(onChange?: (next: TableState) => void) {
  const params = useSearchParams();
  const pathname = usePathname();
  const [state, setState] = useState<TableState>(() => readTableState(params));
  // The state as the last event left it: the next event builds on it, not on a render's copy.
  const latest = useRef(state);

  const update = useCallback(
    (patch: Partial<TableState>) => {
      const next = { ...latest.current, ...patch };
      latest.current = next;
      setState(next);
      onChange?.(next);
    },
    [onChange],
  );
  // The URL follows after the render, so typing never waits for it; while the search is being
  // typed, once typing pauses: Next's replaceState copies the router's whole tree into the
  // history entry and re-renders the router (~20 ms a keystroke on a slow machine). Sort and
  // page changes are written at once.
  const query = tableStateToQuery(state);
  useEffect(() => {
    const write = () => {
      if (`${window.location.pathname}${window.location.search}` === `${pathname}${query}`) return;
      window.history.replaceState(window.history.state, "", `${pathname}${query}`);
    };
    const typing = (new URLSearchParams(window.location.search).get("q") ?? "") !== state.q;
    if (!typing) return write();
    const timer = setTimeout(write, URL_AFTER_TYPING_MS);
    window.addEventListener("pagehide", write);
    return () => {
      clearTimeout(timer);
      window.removeEventListener("pagehide", write);
    };
  }, [pathname, query, state.q]);

  const toggleSort = useCallback((key: SortKey) => update(sortedBy(latest.current, key)), [update]);
  /** This page in another state, as a link (followed before the app runs, or in a new tab). */
  const hrefOf = useCallback(
    (next: TableState) => `${pathname}${tableStateToQuery(next)}`,
    [pathname],
  );

  return { state, update, toggleSort, hrefOf };
}
