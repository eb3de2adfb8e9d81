"use client";

import { recordingsHref } from "@/lib/egress/href";
import Link from "next/link";
import type { Initial } from "@/lib/procedures/result";
import type { Overview } from "@/lib/overview";
import { plural, timeAgo } from "@/lib/format";
import { roomHref } from "@/lib/http/room-path";
import { useLiveQuery } from "@/components/live/live-query";
import { useProject } from "@/components/project-context";
import { useNow } from "@/components/rooms/use-now";
import { RoomName } from "@/components/rooms/room-name";
import { HistoryCharts } from "@/components/history/history-charts";
import { PageHeading } from "@/components/ui/page-heading";
import { apiUrl } from "@/lib/procedures/routes";
import { overviewKeys } from "@/components/live/query-keys";

type Counter = {
  label: string;
  /** LiveKit's own word, for those who know it. */
  term: string;
  value: number | null;
  href: string;
  warn?: boolean;
};

/** The project at a glance, live: what is open, who is in it, what needs a look. */
export function OverviewView({ initial }: { initial: Initial<Overview> }) {
  const { project } = useProject();
  const now = useNow(1_000, initial.fetchedAtMs);
  const { query } = useLiveQuery<Overview>(
    overviewKeys.read(project),
    apiUrl(project, "readOverview"),
    initial,
    { subject: "rooms" },
  );
  const o = query.data;
  const rooms = `/p/${project}/rooms`;
  const counters: Counter[] = [
    { label: "Rooms open", term: "rooms", value: o?.rooms ?? null, href: rooms },
    {
      label: "People in rooms",
      term: "participants",
      value: o?.participants ?? null,
      href: `${rooms}?sort=participants&dir=desc`,
    },
    {
      label: "Sharing audio or video",
      term: "publishers",
      value: o?.publishers ?? null,
      href: `${rooms}?sort=publishers&dir=desc`,
    },
    {
      label: "Rooms recording",
      term: "active egress",
      value: o?.recording ?? null,
      href: recordingsHref(project),
    },
    {
      label: "Rooms needing attention",
      term: "stuck rooms",
      value: o?.attention ?? null,
      href: `/p/${project}/attention`,
      warn: (o?.attention ?? 0) > 0,
    },
  ];
  return (
    <section aria-labelledby="overview-heading">
      <PageHeading id="overview-heading" title="Overview" testId="overview-health">
        {o?.livekitMs != null && <>LiveKit answered in {o.livekitMs} ms. </>}
        {o?.lastWebhook ? (
          <>Last webhook {timeAgo(Date.parse(o.lastWebhook.at), now)}.</>
        ) : o ? (
          <>
            No webhook from LiveKit yet:{" "}
            <Link href={`/p/${project}/history`} className="underline">
              set them up
            </Link>{" "}
            for history.
          </>
        ) : null}
      </PageHeading>
      <ul
        className="mb-6 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5"
        aria-label="Counters"
      >
        {counters.map((c) => (
          <li key={c.label}>
            <Link
              href={c.href}
              data-testid={`counter-${c.term.replaceAll(" ", "-")}`}
              title={`LiveKit calls these ${c.term}`}
              className={`block rounded-lg border p-4 shadow-sm hover:border-slate-400 ${c.warn ? "border-amber-300 bg-amber-50" : "border-slate-200 bg-white"}`}
            >
              <span className="block text-3xl font-semibold tabular-nums">
                {c.value === null ? "—" : c.value.toLocaleString("en-US")}
              </span>
              <span className="mt-1 block text-sm text-slate-600">{c.label}</span>
            </Link>
          </li>
        ))}
      </ul>
      <HistoryCharts project={project} />
      <section aria-labelledby="busiest-heading">
        <h2 id="busiest-heading" className="mb-2 text-lg font-semibold">
          Busiest rooms
        </h2>
        {!o || o.busiest.length === 0 ? (
          <p className="rounded-md border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">
            Nobody is in a room right now.
          </p>
        ) : (
          <ol className="rounded-lg border border-slate-200 bg-white text-sm shadow-sm">
            {o.busiest.map((r) => (
              <li
                key={r.name}
                data-room={r.name}
                className="flex flex-wrap items-baseline gap-3 border-b border-slate-100 px-4 py-2 last:border-0"
              >
                <Link
                  href={roomHref(project, r.name)}
                  className="font-medium underline-offset-2 hover:underline"
                >
                  <RoomName name={r.name} />
                </Link>
                <span className="text-slate-600">
                  {plural(r.participants, "person").replace("persons", "people")}, {r.publishers}{" "}
                  sharing audio or video
                </span>
                {r.recording && (
                  <span className="rounded-full bg-red-100 px-2 py-0.5 text-xs font-semibold text-red-700">
                    Recording
                  </span>
                )}
                <span className="ml-auto text-slate-500">
                  open {timeAgo(r.createdAtMs, now).replace(" ago", "")}
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </section>
  );
}
