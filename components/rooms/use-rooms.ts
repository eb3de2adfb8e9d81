"use client";

import { useState } from "react";
import type { QueryClient } from "@tanstack/react-query";
import type { Initial } from "@/lib/procedures/result";
import type { RoomsLive } from "@/lib/procedures/rooms";
import { tableStateToQuery, type TableState } from "@/lib/rooms/table-state";
import { useLiveQuery } from "@/components/live/live-query";
import { roomKeys } from "@/components/live/query-keys";

const staleOf = (d: RoomsLive) => d.stale;

/** The page of rooms `state` asks for, refreshed live; the server filters, sorts and pages. */
export function useRooms(project: string, state: TableState, initial: Initial<RoomsLive>) {
  // The server rendered the page the URL asked for at load: it seeds that query only.
  const [first] = useState(() => tableStateToQuery(state));
  const query = tableStateToQuery(state);
  return useLiveQuery(
    [...roomKeys.list(project), query],
    `/api/p/${encodeURIComponent(project)}/rooms${query}`,
    query === first ? initial : undefined,
    { subject: "rooms", keepPrevious: true, staleOf },
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
