import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { originOf } from "@/lib/http/request";
import { read } from "@/lib/procedures/pipeline/run";
import { procedures } from "@/lib/procedures/registry";
import { HistoryTable } from "@/components/history/history-table";
import { WebhookHealth } from "@/components/history/webhook-health";
import { HistoryCharts } from "@/components/history/history-charts";
import { HISTORY_RANGES } from "@/lib/history/query-schema";
import { FilterSelect } from "@/components/ui/filter-select";
import { PageHeading } from "@/components/ui/page-heading";

export const metadata: Metadata = { title: "History" };
export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ project: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const RANGE_LABEL: Record<(typeof HISTORY_RANGES)[number], string> = {
  all: "Any time",
  hour: "Last hour",
  day: "Last 24 hours",
  week: "Last 7 days",
  month: "Last 30 days",
};

/** The origin people reach this console at (behind a trusted proxy, what the proxy says). */
const origin = async () => originOf(await headers());

export default async function HistoryPage({ params, searchParams }: Props) {
  const { project } = await params;
  const raw = Object.fromEntries(
    Object.entries(await searchParams).filter(
      (e): e is [string, string] => typeof e[1] === "string",
    ),
  );
  const result = await read(procedures.listHistory, project, raw);
  if (!result.ok && result.error.code === "forbidden") notFound();
  const q = raw.q ?? "";
  const range = (HISTORY_RANGES as readonly string[]).includes(raw.range ?? "")
    ? raw.range!
    : "all";
  const older = result.ok && result.data.next ? new URLSearchParams({ q, range }) : undefined;
  older?.set("before", result.ok ? result.data.next! : "");
  return (
    <section aria-labelledby="history-heading">
      <PageHeading id="history-heading" title="History">
        Every room&apos;s life, from LiveKit&apos;s webhooks, checked against the live room list
        every 30 seconds.
      </PageHeading>
      {result.ok && (
        <WebhookHealth
          lastWebhook={result.data.lastWebhook}
          url={`${await origin()}${result.data.webhookPath}`}
        />
      )}
      <HistoryCharts project={project} />
      <form
        method="get"
        role="search"
        aria-label="Search history"
        className="mb-4 flex flex-wrap items-end gap-2 text-sm"
      >
        <label className="flex flex-col gap-1">
          <span className="text-slate-600">Room name or participant identity</span>
          <input
            name="q"
            type="search"
            defaultValue={q}
            maxLength={200}
            className="h-9 w-72 rounded-md border border-slate-300 bg-white px-2"
            aria-describedby={result.ok && result.data.searchSlow ? "search-slow" : undefined}
          />
          {result.ok && result.data.searchSlow && (
            <span id="search-slow" className="max-w-72 text-xs text-slate-500">
              Search by room name is slower on this database: it has no trigram index (the pg_trgm
              extension is not available), so each search reads every session.
            </span>
          )}
        </label>
        <FilterSelect
          name="range"
          label="When"
          defaultValue={range}
          options={HISTORY_RANGES.map((r) => ({ value: r, label: RANGE_LABEL[r] }))}
        />
        <button type="submit" className="h-9 rounded-md bg-slate-900 px-4 font-medium text-white">
          Search
        </button>
        {(q || range !== "all") && (
          <a href={`/p/${project}/history`} className="h-9 px-2 leading-9 text-slate-600 underline">
            Clear
          </a>
        )}
      </form>
      {result.ok ? (
        <>
          <HistoryTable project={project} sessions={result.data.sessions} />
          <nav aria-label="History pages" className="mt-4 flex gap-4 text-sm">
            {raw.before && (
              <a
                href={`/p/${project}/history?${new URLSearchParams({ q, range }).toString()}`}
                className="underline"
              >
                ← Newest
              </a>
            )}
            {older && (
              <a href={`/p/${project}/history?${older.toString()}`} className="underline">
                Older sessions →
              </a>
            )}
          </nav>
        </>
      ) : (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-700">
          {result.error.message}
        </p>
      )}
    </section>
  );
}
