"use client";

import type { Initial } from "@/lib/procedures/result";
import type { RoomView } from "@/lib/rooms/view";
import { useLiveQuery } from "@/components/live/live-query";
import { roomKeys } from "@/components/live/query-keys";

export function useRooms(project: string, initial: Initial<RoomView[]>) {
  return useLiveQuery(
    roomKeys.list(project),
    `/api/p/${encodeURIComponent(project)}/rooms`,
    initial,
    { subject: "rooms" },
  );
}
