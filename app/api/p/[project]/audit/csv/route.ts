import { NextResponse, type NextRequest } from "next/server";
import { httpStatus } from "@/lib/actions/guard";
import { csvCell } from "@/lib/audit/filter-schema";
import { readAudit } from "@/lib/rooms/read";

export const dynamic = "force-dynamic";

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

/** The filtered audit trail as CSV (admins), up to 10,000 rows. */
export async function GET(req: NextRequest, { params }: { params: Promise<{ project: string }> }) {
  const { project } = await params;
  const result = await readAudit(project, Object.fromEntries(req.nextUrl.searchParams), 10_000);
  if (!result.ok) return NextResponse.json(result, { status: httpStatus(result) });
  const lines = [
    COLUMNS.join(","),
    ...result.data.map((row) => COLUMNS.map((c) => csvCell(row[c])).join(",")),
  ];
  return new NextResponse(`${lines.join("\r\n")}\r\n`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-${project}-${new Date().toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
