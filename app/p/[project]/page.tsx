import type { Metadata } from "next";
import { initialOf } from "@/lib/procedures/result";
import { read } from "@/lib/procedures/pipeline/run";
import { procedures } from "@/lib/procedures/registry";
import { OverviewView } from "@/components/overview/overview-view";

export const metadata: Metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

export default async function OverviewPage({ params }: { params: Promise<{ project: string }> }) {
  const initial = await initialOf(read(procedures.readOverview, (await params).project, {}));
  return <OverviewView initial={initial} />;
}
