import "server-only";
import { z } from "zod";
import { csvCell } from "@/lib/db/audit-csv";
import { auditFilterSchema } from "@/lib/db/audit-filter-schema";
import type { AuditRow } from "@/lib/db/audit-store";
import { procedure } from "@/lib/procedures/procedure";
import { ROUTES } from "@/lib/procedures/routes";

const COLUMNS = [
  "id",
  "at",
  "actor",
  "role",
  "project",
  "action",
  "target",
  "outcome",
  "errorCode",
  "disconnected",
  "repeats",
  "finishedAt",
  "params",
] as const;

const csvOf = (rows: AuditRow[], project: string) => {
  const lines = [
    COLUMNS.join(","),
    ...rows.map((row) => COLUMNS.map((c) => csvCell(row[c])).join(",")),
  ];
  return new Response(`${lines.join("\r\n")}\r\n`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-${project}-${new Date().toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "no-store",
    },
  });
};

/** The audit trail of a project (admins): 500 rows on the page, up to 10,000 as CSV. */
export const readAudit = procedure({
  name: "audit.read",
  permission: "administer",
  input: auditFilterSchema.extend({
    limit: z.coerce.number().int().min(1).max(10_000).default(10_000),
  }),
  handler: (f, { audit }) =>
    audit.read({
      actor: f.actor,
      action: f.action,
      outcome: f.outcome,
      target: f.target,
      since: f.since ? new Date(`${f.since}T00:00:00Z`) : undefined,
      limit: f.limit,
    }),
  route: { path: ROUTES.readAudit, query: true, respond: csvOf },
});
