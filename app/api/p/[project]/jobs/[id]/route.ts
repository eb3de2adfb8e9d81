import { NextResponse } from "next/server";
import { httpStatus } from "@/lib/actions/guard";
import { readJob } from "@/lib/rooms/read";

export const dynamic = "force-dynamic";

export async function GET(
  _req: Request,
  { params }: { params: Promise<{ project: string; id: string }> },
) {
  const { project, id } = await params;
  const result = await readJob(project, id);
  return NextResponse.json(result, {
    status: httpStatus(result),
    headers: { "Cache-Control": "no-store" },
  });
}
