"use client";

import Link from "next/link";
import { useProject } from "@/components/project-context";
import { PageHeading } from "@/components/ui/page-heading";
import { allows } from "@/lib/auth/roles";
import type { ActionResult } from "@/lib/procedures/result";
import type { SipLists } from "@/lib/sip/view";
import { TABS, type Tab } from "@/lib/sip/tabs";
import { PlaceCall } from "./place-call";
import { RulesSection } from "./rules-section";
import { TrunksSection } from "./trunks-section";

export function TelephonyView({ result, tab }: { result: ActionResult<SipLists>; tab: Tab }) {
  const { project, role } = useProject();
  const canAdmin = allows(role, "administer");
  return (
    <section aria-labelledby="telephony-heading">
      <PageHeading id="telephony-heading" title="Telephony">
        Phone numbers, the rules that route their calls to rooms and agents, and calls you place.
        {!canAdmin && " Only admins change trunks and rules."}
      </PageHeading>
      <nav aria-label="Telephony sections" className="mb-4 flex gap-1 border-b border-slate-200">
        {TABS.map((t) => (
          <Link
            key={t.id}
            href={`?tab=${t.id}`}
            aria-current={t.id === tab ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm ${t.id === tab ? "border-slate-900 font-medium text-slate-900" : "border-transparent text-slate-600 hover:text-slate-900"}`}
          >
            {t.label}
          </Link>
        ))}
      </nav>
      {!result.ok ? (
        <p
          role="alert"
          className="rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900"
        >
          {result.error.message}
        </p>
      ) : tab === "trunks" ? (
        <TrunksSection project={project} canAdmin={canAdmin} {...result.data} />
      ) : tab === "rules" ? (
        <RulesSection
          project={project}
          canAdmin={canAdmin}
          rules={result.data.rules}
          trunks={result.data.inbound}
        />
      ) : (
        <PlaceCall
          project={project}
          trunks={result.data.outbound}
          canCall={allows(role, "manage")}
        />
      )}
    </section>
  );
}
