"use client";

import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import type { AppError } from "@/lib/procedures/result";
import { timeAgo } from "@/lib/format";
import { useNow } from "@/components/rooms/use-now";

/** What the live view on screen can say about its source. */
export type LiveStatus = {
  error: AppError;
  /** A heading of its own (the console's trouble rather than LiveKit's). */
  title?: string;
  /** When its data last loaded; undefined when nothing has. */
  lastUpdatedMs: number | undefined;
  what: Subject;
  everyMs: number;
};

/** What a live view shows, and how the banner words it. */
export type Subject = "rooms" | "room" | "stuck rooms" | "recordings";
const WORDS: Record<Subject, { stale: string; none: string }> = {
  rooms: { stale: "the rooms as LiveKit last listed them", none: "No rooms could be loaded yet." },
  room: { stale: "this room as it was", none: "This room could not be loaded yet." },
  "stuck rooms": {
    stale: "the stuck rooms as they were",
    none: "The rooms could not be checked yet.",
  },
  recordings: {
    stale: "the recordings as they were",
    none: "The recordings could not be loaded yet.",
  },
};

const Ctx = createContext<{
  status: LiveStatus | undefined;
  report: (s: LiveStatus | undefined) => void;
}>({ status: undefined, report: () => {} });

/** Holds the live view's trouble, for the one banner the project layout shows. */
export function LiveStatusProvider({ children }: { children: ReactNode }) {
  const [status, report] = useState<LiveStatus>();
  const value = useMemo(() => ({ status, report }), [status]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

/** A live view tells the banner what is wrong (or that nothing is), and clears it on leaving. */
export function useReportLiveStatus(status: LiveStatus | undefined) {
  const { report } = useContext(Ctx);
  const { error, title, lastUpdatedMs, what, everyMs } = status ?? {};
  useEffect(() => {
    report(error && what && everyMs ? { error, title, lastUpdatedMs, what, everyMs } : undefined);
  }, [report, error, title, lastUpdatedMs, what, everyMs]);
  useEffect(() => () => report(undefined), [report]);
}

const TITLES: Partial<Record<AppError["code"], string>> = {
  unreachable: "LiveKit is unreachable",
  timeout: "LiveKit is not answering in time",
  unauthorized: "LiveKit refused the API key",
  config: "The console is misconfigured",
};

/** Says which failure it is and what to do; the view below keeps its last data. */
export function ConnectionBanner() {
  const { status } = useContext(Ctx);
  const now = useNow();
  if (!status) return null;
  const { error, title, lastUpdatedMs, what, everyMs } = status;
  return (
    <div
      role="alert"
      data-banner={error.code}
      className="mb-4 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950"
    >
      <p className="font-semibold">{title ?? TITLES[error.code] ?? `Could not load the ${what}`}</p>
      <p className="mt-1">{error.message}</p>
      <p className="mt-1 text-amber-800">
        {lastUpdatedMs
          ? `Showing ${WORDS[what].stale} ${timeAgo(lastUpdatedMs, now)}. `
          : `${WORDS[what].none} `}
        Retrying every {everyMs / 1000} seconds.
      </p>
    </div>
  );
}
