"use client";

import { useState } from "react";
import { keepPreviousData, useQuery, type QueryKey } from "@tanstack/react-query";
import type { ActionResult, AppError, Initial } from "@/lib/procedures/result";
import { useReportLiveStatus, type Subject } from "@/components/live/live-status";

export const POLL_MS = 2_000;

/** An error a live view can show: it carries our typed AppError, never upstream text. */
export class LiveQueryError extends Error {
  constructor(readonly appError: AppError) {
    super(appError.message);
  }
}

/**
 * The last answer per URL and its ETag, in this tab's memory only (answers are never stored
 * by the browser: `no-store`). An unchanged answer then costs a 304 with no body.
 */
const lastAnswers = new Map<string, { etag: string; data: unknown }>();
const MAX_REMEMBERED = 50;

/** GETs one of our JSON routes; failures become LiveQueryError with our typed AppError. */
export async function fetchResult<T>(url: string, signal: AbortSignal): Promise<T> {
  const last = lastAnswers.get(url);
  let res: Response;
  try {
    res = await fetch(url, {
      signal,
      cache: "no-store",
      headers: last ? { "If-None-Match": last.etag } : undefined,
    });
  } catch {
    throw new LiveQueryError({
      code: "unreachable",
      message: "The console's server is not answering. Check that it is still running.",
    });
  }
  if (res.status === 304 && last) return last.data as T;
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
  const etag = res.headers.get("ETag");
  lastAnswers.delete(url);
  if (etag) lastAnswers.set(url, { etag, data: body.data });
  // Oldest first in a Map: forget the oldest searches and pages.
  if (lastAnswers.size > MAX_REMEMBERED) lastAnswers.delete(lastAnswers.keys().next().value!);
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
  initial: Initial<T> | undefined,
  {
    subject,
    intervalMs = POLL_MS,
    keepPrevious = false,
    staleOf,
  }: {
    subject: Subject;
    intervalMs?: number;
    /** While another page or search loads, keep showing the last rows (no flash of nothing). */
    keepPrevious?: boolean;
    /** An answer the server made from its last good copy while LiveKit fails: why, and when. */
    staleOf?: (data: T) => { error: AppError; listedAtMs: number } | undefined;
  },
) {
  const query = useQuery<T, LiveQueryError>({
    queryKey: key,
    queryFn: ({ signal }) => fetchResult<T>(url, signal),
    initialData: initial?.result.ok ? initial.result.data : undefined,
    initialDataUpdatedAt: initial?.result.ok ? initial.fetchedAtMs : undefined,
    refetchInterval: intervalMs,
    placeholderData: keepPrevious ? keepPreviousData : undefined,
  });
  // When the data on screen was read. A placeholder (the last search's rows while another
  // loads) has no time of its own (0, "20,789 days ago"): the last answer's time stands.
  const [lastUpdatedAt, setLastUpdatedAt] = useState(query.dataUpdatedAt);
  if (query.dataUpdatedAt > 0 && query.dataUpdatedAt !== lastUpdatedAt)
    setLastUpdatedAt(query.dataUpdatedAt);
  const updatedAtMs = query.dataUpdatedAt || lastUpdatedAt;
  // What to tell the operator now: the poll's error, LiveKit's failure behind an answer made
  // from the server's last good copy, or the first render's error when nothing loaded.
  const served = query.data !== undefined ? staleOf?.(query.data) : undefined;
  const error =
    query.error?.appError ??
    served?.error ??
    (initial && !initial.result.ok && !query.data ? initial.result.error : undefined);
  useReportLiveStatus(
    error && {
      error,
      lastUpdatedMs: served?.listedAtMs ?? (query.data ? updatedAtMs : undefined),
      what: subject,
      everyMs: intervalMs,
    },
  );
  return { query, error, updatedAtMs };
}
