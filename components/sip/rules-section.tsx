"use client";

import { useState } from "react";
import { deleteDispatchRule } from "@/app/p/[project]/telephony/actions";
import { Button } from "@/components/ui/button";
import { Table, Th } from "@/components/ui/table";
import type { InboundTrunkView, RuleView } from "@/lib/sip/view";
import { CallExplainer } from "./call-explainer";
import { SipDeleteDialog } from "./delete-dialog";
import { RowActions } from "./row-actions";
import { RuleDialog } from "./rule-form";

type Props = { project: string; canAdmin: boolean; rules: RuleView[]; trunks: InboundTrunkView[] };

const KIND: Record<RuleView["kind"], string> = {
  direct: "Direct",
  individual: "Individual",
  callee: "Callee",
  other: "Other",
};

export function RulesSection({ project, canAdmin, rules, trunks }: Props) {
  const [editing, setEditing] = useState<RuleView | null>();
  const [deleting, setDeleting] = useState<RuleView | null>(null);
  const trunkName = (id: string) => trunks.find((t) => t.id === id)?.name ?? id;
  return (
    <section aria-labelledby="rules-heading" className="space-y-3">
      <CallExplainer />
      <div className="flex items-center justify-between">
        <h2 id="rules-heading" className="text-lg font-semibold">
          Dispatch rules
        </h2>
        {canAdmin && <Button onClick={() => setEditing(null)}>New dispatch rule</Button>}
      </div>
      <Table
        label="Dispatch rules"
        head={
          <>
            {["Name", "Kind", "Room", "PIN", "Trunks", "Agents", "Number"].map((h) => (
              <Th key={h}>{h}</Th>
            ))}
            {canAdmin && <Th srLabel="Actions" />}
          </>
        }
      >
        {rules.map((r) => (
          <tr key={r.id} data-rule={r.id}>
            <td className="px-3 py-2">
              <div className="font-medium">{r.name}</div>
              <div className="font-mono text-xs text-slate-500">{r.id}</div>
            </td>
            <td className="px-3 py-2">{KIND[r.kind]}</td>
            <td className="px-3 py-2 font-mono text-xs">
              {r.kind === "direct" ? r.roomName : `${r.roomPrefix}…`}
            </td>
            <td className="px-3 py-2">{r.pinSet ? "set" : "none"}</td>
            <td className="px-3 py-2 text-xs">
              {r.trunkIds.length === 0 ? "every trunk" : r.trunkIds.map(trunkName).join(", ")}
            </td>
            <td className="px-3 py-2 text-xs">
              {r.agents.length === 0 ? "none" : r.agents.map((a) => a.agentName).join(", ")}
            </td>
            <td className="px-3 py-2 text-xs">{r.hidePhoneNumber ? "hidden" : "shown"}</td>
            {canAdmin && (
              <RowActions
                name={r.name}
                onEdit={() => setEditing(r)}
                onDelete={() => setDeleting(r)}
              />
            )}
          </tr>
        ))}
      </Table>
      {rules.length === 0 && (
        <p className="text-sm text-slate-600">
          No dispatch rules yet: incoming calls are refused until one matches.
        </p>
      )}
      <RuleDialog
        project={project}
        rule={editing}
        trunks={trunks}
        onClose={() => setEditing(undefined)}
      />
      <SipDeleteDialog
        project={project}
        what="Dispatch rule"
        target={deleting}
        action={deleteDispatchRule}
        onClose={() => setDeleting(null)}
        consequence={`New calls ${deleting?.trunkIds.length ? `through ${deleting.trunkIds.length} trunk${deleting.trunkIds.length === 1 ? "" : "s"}` : "on every trunk"} stop reaching rooms${deleting?.agents.length ? " and agents" : ""} unless another rule matches them. Calls already connected continue.`}
      />
    </section>
  );
}
