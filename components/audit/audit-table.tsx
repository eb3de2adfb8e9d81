import type { AuditRow } from "@/lib/db/audit-store";
import { Table, Th } from "@/components/ui/table";

const OUTCOME_STYLE: Record<string, string> = {
  ok: "bg-emerald-50 text-emerald-800",
  failed: "bg-red-50 text-red-700",
  refused: "bg-amber-50 text-amber-800",
  pending: "bg-slate-100 text-slate-700",
};

export function AuditTable({ rows }: { rows: AuditRow[] }) {
  if (rows.length === 0)
    return (
      <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-600">
        No audit records match.
      </p>
    );
  return (
    <Table
      label="Audit records"
      head={[
        "Time",
        "Actor",
        "Role",
        "Action",
        "Target",
        "Outcome",
        "Disconnected",
        "Parameters",
      ].map((h) => (
        <Th key={h}>{h}</Th>
      ))}
    >
      {rows.map((r) => (
        <tr key={r.id} data-audit={r.action}>
          <td className="whitespace-nowrap px-3 py-2 font-mono text-xs" title={r.at}>
            {r.at.replace("T", " ").slice(0, 19)} UTC
          </td>
          <td className="px-3 py-2">{r.actor}</td>
          <td className="px-3 py-2 text-slate-600">{r.role || "—"}</td>
          <td className="px-3 py-2 font-mono text-xs">{r.action}</td>
          <td className="max-w-56 truncate px-3 py-2" title={r.target}>
            {r.target || "—"}
          </td>
          <td className="px-3 py-2">
            <span className={`rounded px-1.5 py-0.5 text-xs ${OUTCOME_STYLE[r.outcome] ?? ""}`}>
              {r.outcome}
              {r.errorCode ? ` · ${r.errorCode}` : ""}
            </span>
            {r.repeats > 1 && (
              <span
                className="ml-1 text-xs text-slate-600"
                title={`${r.repeats} attempts folded into this row, the last at ${r.finishedAt ?? r.at}`}
              >
                × {r.repeats}
              </span>
            )}
          </td>
          <td className="px-3 py-2 text-right tabular-nums">{r.disconnected || ""}</td>
          <td
            className="max-w-72 truncate px-3 py-2 font-mono text-xs text-slate-600"
            title={JSON.stringify(r.params)}
          >
            {Object.keys(r.params).length ? JSON.stringify(r.params) : ""}
          </td>
        </tr>
      ))}
    </Table>
  );
}
