"use client";

import type { Initial } from "@/lib/procedures/result";
import type { RoomView } from "@/lib/rooms/view";
import { useLiveQuery } from "@/components/live/live-query";

/** Query keys for the rooms domain; mutations invalidate through these. */
export const roomKeys = {
  all: (project: string) => ["rooms", project] as const,
  list: (project: string) => [...roomKeys.all(project), "list"] as const,
  impact: (project: string, name: string) => [...roomKeys.all(project), "impact", name] as const,
  detail: (project: string, name: string) => [...roomKeys.all(project), "detail", name] as const,
  attention: (project: string) => [...roomKeys.all(project), "attention"] as const,
};

export function useRooms(project: string, initial: Initial<RoomView[]>) {
  return useLiveQuery(
    roomKeys.list(project),
    `/api/p/${encodeURIComponent(project)}/rooms`,
    initial,
  );
}
