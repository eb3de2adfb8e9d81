"use client";

import { useQuery } from "@tanstack/react-query";
import type { ActionResult } from "@/lib/actions/result";
import type { RoomDetail } from "@/lib/rooms/participants";
import { fetchResult, POLL_MS, roomKeys, type RoomsQueryError } from "@/components/rooms/use-rooms";

export type InitialRoom = { result: ActionResult<RoomDetail>; fetchedAtMs: number };

/** One room with its participants, refreshed every 2 s while the tab is visible. */
export function useRoom(project: string, room: string, { result, fetchedAtMs }: InitialRoom) {
  return useQuery<RoomDetail, RoomsQueryError>({
    queryKey: roomKeys.detail(project, room),
    queryFn: ({ signal }) =>
      fetchResult<RoomDetail>(
        `/api/p/${encodeURIComponent(project)}/rooms/${encodeURIComponent(room)}`,
        signal,
      ),
    initialData: result.ok ? result.data : undefined,
    initialDataUpdatedAt: result.ok ? fetchedAtMs : undefined,
    refetchInterval: POLL_MS,
  });
}
