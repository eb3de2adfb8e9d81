"use client";

import { useQuery, type QueryKey } from "@tanstack/react-query";
import type { ActionResult, AppError, Initial } from "@/lib/procedures/result";
import { useReportLiveStatus, type Subject } from "@/components/live/live-status";

export const POLL_MS = 2_000;

/** An error a live view can show: it carries our typed AppError, never upstream text. */
export class LiveQueryError extends Error {
  constructor(readonly appError: AppError) {
    super(appError.message);
  }
}

/** GETs one of our JSON routes; failures become LiveQueryError with our typed AppError. */
export async function fetchResult<T>(url: string, signal: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { signal, cache: "no-store" });
  } catch {
    throw new LiveQueryError({
      code: "unreachable",
      message: "The console's server is not answering. Check that it is still running.",
    });
  }
  let body: ActionResult<T>;
  try {
    body = (await res.json()) as ActionResult<T>;
  } catch {
    throw new LiveQueryError({
      code: "internal",
      message: `The console's server answered HTTP ${res.status}.`,
    });
  }
  if (!body.ok) throw new LiveQueryError(body.error);
  return body.data;
}

/**
 * Server-rendered first data, then a poll of `url` every `intervalMs` while the tab is visible
 * (refetchIntervalInBackground defaults to false). Failures keep the last data and are shown
 * by the layout's one ConnectionBanner.
 */
export function useLiveQuery<T>(
  key: QueryKey,
  url: string,
  initial: Initial<T>,
  { subject, intervalMs = POLL_MS }: { subject: Subject; intervalMs?: number },
) {
  const query = useQuery<T, LiveQueryError>({
    queryKey: key,
    queryFn: ({ signal }) => fetchResult<T>(url, signal),
    initialData: initial.result.ok ? initial.result.data : undefined,
    initialDataUpdatedAt: initial.result.ok ? initial.fetchedAtMs : undefined,
    refetchInterval: intervalMs,
  });
  // What to tell the operator now: the poll's error, or the first render's when nothing loaded.
  const error =
    query.error?.appError ?? (!initial.result.ok && !query.data ? initial.result.error : undefined);
  useReportLiveStatus(
    error && {
      error,
      lastUpdatedMs: query.data ? query.dataUpdatedAt : undefined,
      what: subject,
      everyMs: intervalMs,
    },
  );
  return { query, error };
}
