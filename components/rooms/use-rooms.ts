"use client";

import { useQuery } from "@tanstack/react-query";
import type { ActionResult, AppError } from "@/lib/actions/result";
import type { RoomView } from "@/lib/rooms/view";

/** Query keys for the rooms domain; mutations invalidate through these. */
export const roomKeys = {
  all: (project: string) => ["rooms", project] as const,
  list: (project: string) => [...roomKeys.all(project), "list"] as const,
  impact: (project: string, name: string) => [...roomKeys.all(project), "impact", name] as const,
  detail: (project: string, name: string) => [...roomKeys.all(project), "detail", name] as const,
};

export const POLL_MS = 2_000;

/** An error the table can show: it carries our typed AppError, never upstream text. */
export class RoomsQueryError extends Error {
  constructor(readonly appError: AppError) {
    super(appError.message);
  }
}

async function fetchRooms(project: string, signal: AbortSignal): Promise<RoomView[]> {
  return fetchResult<RoomView[]>(`/api/p/${encodeURIComponent(project)}/rooms`, signal);
}

/** GETs one of our JSON routes; failures become RoomsQueryError with our typed AppError. */
export async function fetchResult<T>(url: string, signal: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { signal, cache: "no-store" });
  } catch {
    throw new RoomsQueryError({
      code: "unreachable",
      message: "The console's server is not answering. Check that it is still running.",
    });
  }
  let body: ActionResult<T>;
  try {
    body = (await res.json()) as ActionResult<T>;
  } catch {
    throw new RoomsQueryError({
      code: "internal",
      message: `The console's server answered HTTP ${res.status}.`,
    });
  }
  if (!body.ok) throw new RoomsQueryError(body.error);
  return body.data;
}

export type InitialRooms = { result: ActionResult<RoomView[]>; fetchedAtMs: number };

export function useRooms(project: string, { result: initial, fetchedAtMs }: InitialRooms) {
  return useQuery<RoomView[], RoomsQueryError>({
    queryKey: roomKeys.list(project),
    queryFn: ({ signal }) => fetchRooms(project, signal),
    initialData: initial.ok ? initial.data : undefined,
    initialDataUpdatedAt: initial.ok ? fetchedAtMs : undefined,
    // Polling stops while the tab is hidden (refetchIntervalInBackground defaults to false).
    refetchInterval: POLL_MS,
  });
}
