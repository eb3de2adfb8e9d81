"use client";

import { useState } from "react";
import type { HistoryStats } from "@/lib/history/view";
import { useLiveData } from "@/components/live/live-query";
import { lazyComponent } from "@/components/ui/lazy";
import { apiUrl } from "@/lib/procedures/routes";
import { historyKeys } from "@/components/live/query-keys";

// A status with its words for screen readers (a plain div may not carry aria-label: axe's
// aria-prohibited-attr, seen while the charts were loading).
const loading = (
  <div role="status" className="h-64 rounded-lg bg-slate-100 motion-safe:animate-pulse">
    <span className="sr-only">Loading charts…</span>
  </div>
);

// recharts is large: it loads with this section, not with the rest of the console. Until it
// has, the data's place keeps the placeholder (not a blank that the charts then push down).
const Charts = lazyComponent(() => import("./charts").then((m) => m.Charts), loading);

const RANGES = [
  { value: "hour", label: "Last hour" },
  { value: "day", label: "Last 24 hours" },
  { value: "week", label: "Last 7 days" },
] as const;

/** Rooms and participants over time, and how long sessions lasted, refreshed every 30 s. */
export function HistoryCharts({ project }: { project: string }) {
  const [range, setRange] = useState<HistoryStats["range"]>("hour");
  const query = useLiveData<HistoryStats>(
    historyKeys.stats(project, range),
    apiUrl(project, "historyStats", { query: { range } }),
    undefined,
    { intervalMs: 30_000 },
  );
  return (
    <section aria-labelledby="charts-heading" className="mb-6">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h2 id="charts-heading" className="text-lg font-semibold">
          Activity
        </h2>
        <div role="group" aria-label="Time range" className="flex gap-1 text-sm">
          {RANGES.map((r) => (
            <button
              key={r.value}
              type="button"
              aria-pressed={range === r.value}
              onClick={() => setRange(r.value)}
              className={`rounded-md px-3 py-1 ${range === r.value ? "bg-slate-900 text-white" : "border border-slate-300 bg-white hover:bg-slate-100"}`}
            >
              {r.label}
            </button>
          ))}
        </div>
      </div>
      {query.error ? (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-700">
          {query.error.message}
        </p>
      ) : query.data ? (
        <Charts stats={query.data} />
      ) : (
        loading
      )}
    </section>
  );
}
