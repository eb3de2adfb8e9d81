import { NextResponse } from "next/server";
import { httpStatus } from "@/lib/actions/guard";
import { readAttention } from "@/lib/rooms/read";

export const dynamic = "force-dynamic";

export async function GET(_req: Request, { params }: { params: Promise<{ project: string }> }) {
  const result = await readAttention((await params).project);
  return NextResponse.json(result, {
    status: httpStatus(result),
    headers: { "Cache-Control": "no-store" },
  });
}
