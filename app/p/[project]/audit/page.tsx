import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { read } from "@/lib/procedures/pipeline/run";
import { procedures } from "@/lib/procedures/registry";
import { AuditTable } from "@/components/audit/audit-table";
import { FilterSelect } from "@/components/ui/filter-select";
import { apiUrl } from "@/lib/procedures/routes";

export const metadata: Metadata = { title: "Audit" };
export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ project: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function AuditPage({ params, searchParams }: Props) {
  const { project } = await params;
  const raw = Object.fromEntries(
    Object.entries(await searchParams).filter(
      (e): e is [string, string] => typeof e[1] === "string",
    ),
  );
  const result = await read(procedures.readAudit, project, { ...raw, limit: 500 });
  if (!result.ok && result.error.code === "forbidden") notFound();
  const query = new URLSearchParams(raw).toString();
  return (
    <section aria-labelledby="audit-heading">
      <div className="mb-4 flex items-end justify-between gap-4">
        <div>
          <h1 id="audit-heading" className="text-2xl font-semibold tracking-tight">
            Audit
          </h1>
          <p className="mt-1 text-sm text-slate-600">
            Every change, sign-in and refusal, newest first (up to 500 here; the CSV has up to
            10,000).
          </p>
        </div>
        <a
          href={apiUrl(project, "readAudit", { query })}
          className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100"
        >
          Export CSV
        </a>
      </div>
      <form method="get" className="mb-4 flex flex-wrap items-end gap-2 text-sm">
        {(["actor", "action", "target"] as const).map((f) => (
          <label key={f} className="flex flex-col gap-1">
            <span className="capitalize text-slate-600">{f}</span>
            <input
              name={f}
              defaultValue={raw[f] ?? ""}
              className="h-9 w-44 rounded-md border border-slate-300 bg-white px-2"
            />
          </label>
        ))}
        <FilterSelect
          name="outcome"
          label="Outcome"
          defaultValue={raw.outcome ?? ""}
          options={["", "ok", "failed", "refused", "pending"].map((o) => ({
            value: o,
            label: o || "any",
          }))}
        />
        <label className="flex flex-col gap-1">
          <span className="text-slate-600">Since</span>
          <input
            type="date"
            name="since"
            defaultValue={raw.since ?? ""}
            className="h-9 rounded-md border border-slate-300 bg-white px-2"
          />
        </label>
        <button type="submit" className="h-9 rounded-md bg-slate-900 px-4 font-medium text-white">
          Filter
        </button>
      </form>
      {result.ok ? (
        <AuditTable rows={result.data} />
      ) : (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-700">
          {result.error.message}
        </p>
      )}
    </section>
  );
}
