"use client";

import { roomHref } from "@/lib/http/room-path";
import type { Initial } from "@/lib/procedures/result";
import type { RoomDetail } from "@/lib/rooms/participants";
import { useLiveQuery } from "@/components/live/live-query";
import { roomKeys } from "@/components/live/query-keys";

/** One room with its participants, refreshed every 2 s while the tab is visible. */
export function useRoom(project: string, room: string, initial: Initial<RoomDetail>) {
  return useLiveQuery(roomKeys.detail(project, room), `/api${roomHref(project, room)}`, initial, {
    subject: "room",
  });
}
