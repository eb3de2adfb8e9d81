"use client";

import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { HistoryStats } from "@/lib/history/view";

const tick = (range: HistoryStats["range"]) => (iso: string) =>
  new Date(iso).toLocaleString("en-GB", {
    ...(range === "week" ? { weekday: "short" } : {}),
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  });

const TOOLTIP_STYLE = {
  background: "var(--color-white)",
  borderColor: "var(--chart-grid)",
  color: "var(--chart-text)",
};

/** The plots themselves (recharts), for people who would rather look than read. */
export function Charts({ stats }: { stats: HistoryStats }) {
  const empty = stats.series.every((p) => p.rooms === 0 && p.participants === 0);
  return (
    <div className="grid gap-4 lg:grid-cols-3">
      <figure className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm lg:col-span-2">
        <figcaption className="mb-2 text-sm font-medium text-slate-700">
          Rooms open and people in them (at any moment of each interval)
        </figcaption>
        {empty ? (
          <p className="grid h-56 place-items-center text-sm text-slate-500">
            No rooms were open in this period.
          </p>
        ) : (
          <div className="h-56" data-testid="activity-chart">
            <ResponsiveContainer width="100%" height="100%">
              <AreaChart data={stats.series} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="var(--chart-grid)" />
                <XAxis
                  dataKey="at"
                  tickFormatter={tick(stats.range)}
                  fontSize={12}
                  tick={{ fill: "var(--chart-text)" }}
                  minTickGap={24}
                />
                <YAxis allowDecimals={false} fontSize={12} tick={{ fill: "var(--chart-text)" }} />
                <Tooltip
                  contentStyle={TOOLTIP_STYLE}
                  labelFormatter={(v) =>
                    typeof v === "string" ? new Date(v).toLocaleString("en-GB") : ""
                  }
                  formatter={(value, name) => [
                    value,
                    name === "rooms" ? "Rooms open" : "People in rooms",
                  ]}
                />
                <Legend
                  formatter={(name) => (name === "rooms" ? "Rooms open" : "People in rooms")}
                />
                <Area
                  type="stepAfter"
                  dataKey="participants"
                  stroke="var(--chart-people-line)"
                  fill="var(--chart-people-fill)"
                  isAnimationActive={false}
                />
                <Area
                  type="stepAfter"
                  dataKey="rooms"
                  stroke="var(--chart-rooms-line)"
                  fill="var(--chart-rooms-fill)"
                  isAnimationActive={false}
                />
              </AreaChart>
            </ResponsiveContainer>
          </div>
        )}
      </figure>
      <figure className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <figcaption className="mb-2 text-sm font-medium text-slate-700">
          How long rooms lasted ({stats.ended.toLocaleString("en-US")} ended in this period)
        </figcaption>
        {stats.ended === 0 ? (
          <p className="grid h-56 place-items-center text-sm text-slate-500">
            No room ended in this period.
          </p>
        ) : (
          <div className="h-56" data-testid="durations-chart">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={stats.durations} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="var(--chart-grid)" vertical={false} />
                <XAxis
                  dataKey="label"
                  fontSize={11}
                  tick={{ fill: "var(--chart-text)" }}
                  interval={0}
                />
                <YAxis allowDecimals={false} fontSize={12} tick={{ fill: "var(--chart-text)" }} />
                <Tooltip contentStyle={TOOLTIP_STYLE} formatter={(value) => [value, "Rooms"]} />
                <Bar dataKey="count" fill="var(--chart-bar)" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        )}
      </figure>
    </div>
  );
}
