"use client";

import { useCallback, useState } from "react";
import type { QueryClient } from "@tanstack/react-query";
import type { Initial } from "@/lib/procedures/result";
import type { RoomsLive } from "@/lib/procedures/rooms";
import { tableStateToQuery, type TableState } from "@/lib/rooms/table-state";
import { fetchResult, useLiveQuery } from "@/components/live/live-query";
import { roomKeys } from "@/components/live/query-keys";
import { loadEngine } from "@/components/live/load-engine";
import { apiUrl } from "@/lib/procedures/routes";

const staleOf = (d: RoomsLive) => d.stale;

/** The query of the page of rooms `state` asks for: its key and its URL. */
function roomsQuery(project: string, state: TableState) {
  const query = tableStateToQuery(state);
  return {
    query,
    key: [...roomKeys.list(project), query],
    url: apiUrl(project, "listRooms", { query }),
  };
}

/** The page of rooms `state` asks for, refreshed live; the server filters, sorts and pages. */
export function useRooms(project: string, state: TableState, initial: Initial<RoomsLive>) {
  // The server rendered the page the URL asked for at load: it seeds that query only.
  const [first] = useState(() => tableStateToQuery(state));
  const { query, key, url } = roomsQuery(project, state);
  return useLiveQuery(key, url, query === first ? initial : undefined, {
    subject: "rooms",
    keepPrevious: true,
    staleOf,
  });
}

/**
 * Asks for the page of rooms `state` will show, from the event that changes it (a keystroke, a
 * sort, a page): the table's query would start it only in an effect after the next render,
 * and React runs those after the browser paints (5-15 ms later on a slow machine). The query
 * then finds the answer under way and waits for it (one request, not two).
 */
export function usePrefetchRooms(project: string) {
  return useCallback(
    (state: TableState) => {
      const { key, url } = roomsQuery(project, state);
      // Loaded by the time anyone types (the table's query asks for it at hydration); before
      // that, the query itself asks once it loads.
      void loadEngine().then(
        ({ liveClient }) =>
          liveClient().prefetchQuery({
            queryKey: key,
            queryFn: ({ signal }) => fetchResult<RoomsLive>(url, signal),
          }),
        () => undefined,
      );
    },
    [project],
  );
}

/** Drops a room from every cached page of the table now, not on the next refresh. */
export function dropRoom(queryClient: QueryClient, project: string, name: string) {
  queryClient.setQueriesData<RoomsLive>({ queryKey: roomKeys.list(project) }, (d) => {
    if (!d?.rows.some((r) => r.name === name)) return d;
    return {
      ...d,
      rows: d.rows.filter((r) => r.name !== name),
      total: d.total - 1,
      matching: d.matching - 1,
    };
  });
}
