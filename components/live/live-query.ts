"use client";

import { useEffect, useRef, useState } from "react";
// Types only: react-query itself loads after the first paint (load-engine.ts).
import type {
  QueryKey,
  QueryObserver,
  QueryObserverOptions,
  QueryObserverResult,
} from "@tanstack/react-query";
import { loadEngine } from "./load-engine";
import type { ActionResult, AppError, Initial } from "@/lib/procedures/result";
import { useReportLiveStatus, type Subject } from "@/components/live/live-status";

export const POLL_MS = 2_000;

/** An error a live view can show: it carries our typed AppError, never upstream text. */
export class LiveQueryError extends Error {
  constructor(
    readonly appError: AppError,
    /** The banner's heading when the trouble is the console's own, not LiveKit's. */
    readonly title?: string,
  ) {
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
    // Not "unreachable": that code is LiveKit's, and the banner would blame LiveKit.
    throw new LiveQueryError(
      {
        code: "internal",
        message:
          "The console's server is not answering (stopped, restarting, or the network between). Check that it is running; this page retries by itself.",
      },
      "The console is not answering",
    );
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

/** What a live view reads of its query. */
export type LiveResult<T> = {
  data: T | undefined;
  /** When `data` was read (ms); 0 when nothing was. */
  dataUpdatedAt: number;
  error: LiveQueryError | null;
};

type Options = {
  intervalMs: number;
  /** While another page or search loads, keep showing the last rows (no flash of nothing). */
  keepPrevious?: boolean;
};

const keepPreviousData = <T>(previous: T | undefined) => previous;

const ENGINE_FAILED: AppError = {
  code: "internal",
  message:
    "This page's live updates could not load from the console (it may be restarting, or have been updated: then reload the page).",
};

/**
 * The data of `url` under `key`: the server-rendered `initial` first (so the first paint needs
 * no script), then a poll every `intervalMs` while the tab is visible, through react-query's
 * QueryObserver once the live layer has loaded (react-query is not part of the first load).
 * One poll per key in the tab, whoever reads it.
 */
export function useLiveData<T>(
  key: QueryKey,
  url: string,
  initial: Initial<T> | undefined,
  { intervalMs, keepPrevious = false }: Options,
): LiveResult<T> {
  const initialData = initial?.result.ok ? initial.result.data : undefined;
  const initialDataUpdatedAt = initial?.result.ok ? initial.fetchedAtMs : undefined;
  const options: QueryObserverOptions<T, LiveQueryError> = {
    queryKey: key,
    queryFn: ({ signal }) => fetchResult<T>(url, signal),
    initialData,
    initialDataUpdatedAt,
    refetchInterval: intervalMs,
    placeholderData: keepPrevious ? keepPreviousData : undefined,
    // Re-render for these only (not for each fetch starting and ending).
    notifyOnChangeProps: ["data", "dataUpdatedAt", "error"],
  };
  const [result, setResult] = useState<LiveResult<T>>(() => ({
    data: initialData,
    dataUpdatedAt: initialDataUpdatedAt ?? 0,
    error: null,
  }));
  const [observer, setObserver] = useState<QueryObserver<T, LiveQueryError>>();
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
    // What useQuery does on each render: the observer follows the key, URL and interval.
    observer?.setOptions(options);
  });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let gone = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    void loadEngine().then(
      (engine) => {
        if (!gone) setObserver(new engine.QueryObserver(engine.liveClient(), latest.current));
      },
      // The live layer could not load (the console is down, or was updated and this page's
      // code is gone): the page keeps its rows, says so, and tries again every interval.
      () => {
        if (gone) return;
        setResult((r) => ({
          ...r,
          error: new LiveQueryError(ENGINE_FAILED, "Live updates could not start"),
        }));
        retry = setTimeout(() => setAttempt((n) => n + 1), intervalMs);
      },
    );
    return () => {
      gone = true;
      clearTimeout(retry);
    };
    // Once per attempt (an interval that changes makes a new observer, harmlessly): the
    // observer, once made, follows later options through setOptions.
  }, [attempt, intervalMs]);
  useEffect(() => {
    if (!observer) return;
    const show = (r: QueryObserverResult<T, LiveQueryError>) =>
      setResult({ data: r.data, dataUpdatedAt: r.dataUpdatedAt, error: r.error });
    show(observer.getCurrentResult());
    return observer.subscribe(show);
  }, [observer]);
  return result;
}

/**
 * A live view's data (useLiveData), polled every 2 s by default. Failures keep the last data and
 * are shown by the layout's one ConnectionBanner.
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
    keepPrevious?: boolean;
    /** An answer the server made from its last good copy while LiveKit fails: why, and when. */
    staleOf?: (data: T) => { error: AppError; listedAtMs: number } | undefined;
  },
) {
  const query = useLiveData(key, url, initial, { intervalMs, keepPrevious });
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
      title: query.error?.title,
      lastUpdatedMs: served?.listedAtMs ?? (query.data ? updatedAtMs : undefined),
      what: subject,
      everyMs: intervalMs,
    },
  );
  return { query, error, updatedAtMs };
}
