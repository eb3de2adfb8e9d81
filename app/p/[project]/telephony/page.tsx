import type { Metadata } from "next";
import { read } from "@/lib/procedures/pipeline/run";
import { procedures } from "@/lib/procedures/registry";
import { TelephonyView } from "@/components/sip/telephony-view";
import { tabOf } from "@/lib/sip/tabs";

export const metadata: Metadata = { title: "Telephony" };
export const dynamic = "force-dynamic";

export default async function TelephonyPage({
  params,
  searchParams,
}: {
  params: Promise<{ project: string }>;
  searchParams: Promise<{ tab?: string | string[] }>;
}) {
  const tab = tabOf((await searchParams).tab);
  // One read of trunks and rules per page load (shared, see lib/sip/lists.ts); changes refresh it.
  const result = await read(procedures.listSip, (await params).project, {});
  return <TelephonyView result={result} tab={tab} />;
}
