"use client";

import { useLiveQuery } from "@/components/live/live-query";
import { egressKeys } from "@/components/live/query-keys";
import { loadEngine } from "@/components/live/load-engine";
import type { EgressList } from "@/lib/egress/types";
import type { Initial } from "@/lib/procedures/result";
import { apiUrl } from "@/lib/procedures/routes";

/** Every 5 s: a recording's status changes in seconds, not milliseconds. */
const EGRESS_POLL_MS = 5_000;

/** The project's (or one room's) recordings: ListEgress joined with History's egress webhooks. */
export function useEgress(
  project: string,
  room: string | undefined,
  initial?: Initial<EgressList>,
) {
  return useLiveQuery(
    egressKeys.list(project, room ?? ""),
    apiUrl(project, "listEgress", { query: { room: room || undefined } }),
    initial,
    { subject: "recordings", intervalMs: EGRESS_POLL_MS },
  );
}

/** After a start, stop or update: every recordings view of the project reads again now. */
export const refreshEgress = (project: string) =>
  loadEngine().then(
    ({ liveClient }) => liveClient().invalidateQueries({ queryKey: egressKeys.all(project) }),
    () => undefined,
  );
