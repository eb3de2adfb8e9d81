"use client";

import { useLiveQuery } from "@/components/live/live-query";
import { roomKeys } from "@/components/live/query-keys";
import { loadEngine } from "@/components/live/load-engine";
import type { DispatchView } from "@/lib/agents/view";
import type { Initial } from "@/lib/procedures/result";
import { apiUrl } from "@/lib/procedures/routes";

/**
 * A room's agent dispatches, polled like its participants: every tab asks the server, which
 * answers from one shared snapshot (one ListDispatch per interval, whatever the tabs).
 */
export function useDispatches(project: string, room: string, initial?: Initial<DispatchView[]>) {
  return useLiveQuery(
    roomKeys.dispatches(project, room),
    apiUrl(project, "listDispatches", { params: { room } }),
    initial,
    { subject: "room" },
  );
}

/** After a dispatch changed: its list reads again now (the room itself refreshes too). */
export const refreshDispatches = (project: string, room: string) =>
  loadEngine().then(
    ({ liveClient }) =>
      liveClient().invalidateQueries({ queryKey: roomKeys.dispatches(project, room) }),
    () => undefined,
  );
