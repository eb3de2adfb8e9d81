"use client";

import { useState } from "react";
import { deleteTrunk } from "@/app/p/[project]/telephony/actions";
import { Button } from "@/components/ui/button";
import { Table, Th } from "@/components/ui/table";
import type { InboundTrunkView, OutboundTrunkView, RuleView } from "@/lib/sip/view";
import { SipDeleteDialog } from "./delete-dialog";
import { RowActions } from "./row-actions";
import { InboundTrunkDialog } from "./inbound-trunk-form";
import { OutboundTrunkDialog } from "./outbound-trunk-form";

type Props = {
  project: string;
  canAdmin: boolean;
  inbound: InboundTrunkView[];
  outbound: OutboundTrunkView[];
  rules: RuleView[];
};

const Secret = ({ set }: { set: boolean }) => (
  <span className={set ? "text-emerald-700" : "text-slate-500"}>{set ? "set" : "not set"}</span>
);
const List = ({ xs, none }: { xs: string[]; none: string }) =>
  xs.length === 0 ? (
    <span className="text-slate-500">{none}</span>
  ) : (
    <span className="font-mono text-xs">{xs.join(", ")}</span>
  );

export function TrunksSection({ project, canAdmin, inbound, outbound, rules }: Props) {
  const [editIn, setEditIn] = useState<InboundTrunkView | null>();
  const [editOut, setEditOut] = useState<OutboundTrunkView | null>();
  const [deleting, setDeleting] = useState<{ id: string; name: string; inbound: boolean } | null>(
    null,
  );
  const rulesOf = (id: string) => rules.filter((r) => r.trunkIds.includes(id)).length;
  return (
    <div className="space-y-8">
      <section aria-labelledby="inbound-heading" className="space-y-3">
        <div className="flex items-center justify-between">
          <h2 id="inbound-heading" className="text-lg font-semibold">
            Inbound trunks
          </h2>
          {canAdmin && <Button onClick={() => setEditIn(null)}>New inbound trunk</Button>}
        </div>
        <Table
          label="Inbound trunks"
          head={
            <>
              {["Name", "Numbers", "Allowed addresses", "Allowed numbers", "Auth", "Password"].map(
                (h) => (
                  <Th key={h}>{h}</Th>
                ),
              )}
              {canAdmin && <Th srLabel="Actions" />}
            </>
          }
        >
          {inbound.map((t) => (
            <tr key={t.id} data-trunk={t.id}>
              <td className="px-3 py-2">
                <div className="font-medium">{t.name}</div>
                <div className="font-mono text-xs text-slate-500">{t.id}</div>
              </td>
              <td className="px-3 py-2">
                <List xs={t.numbers} none="any number" />
              </td>
              <td className="px-3 py-2">
                <List xs={t.allowedAddresses} none="anywhere" />
              </td>
              <td className="px-3 py-2">
                <List xs={t.allowedNumbers} none="every caller" />
              </td>
              <td className="px-3 py-2">
                {t.authUsername || <span className="text-slate-500">none</span>}
              </td>
              <td className="px-3 py-2">
                <Secret set={t.passwordSet} />
              </td>
              {canAdmin && (
                <RowActions
                  name={t.name}
                  onEdit={() => setEditIn(t)}
                  onDelete={() => setDeleting({ ...t, inbound: true })}
                />
              )}
            </tr>
          ))}
        </Table>
        {inbound.length === 0 && <p className="text-sm text-slate-600">No inbound trunks yet.</p>}
      </section>

      <section aria-labelledby="outbound-heading" className="space-y-3">
        <div className="flex items-center justify-between">
          <h2 id="outbound-heading" className="text-lg font-semibold">
            Outbound trunks
          </h2>
          {canAdmin && <Button onClick={() => setEditOut(null)}>New outbound trunk</Button>}
        </div>
        <Table
          label="Outbound trunks"
          head={
            <>
              {["Name", "Address", "Transport", "Numbers", "Auth", "Password"].map((h) => (
                <Th key={h}>{h}</Th>
              ))}
              {canAdmin && <Th srLabel="Actions" />}
            </>
          }
        >
          {outbound.map((t) => (
            <tr key={t.id} data-trunk={t.id}>
              <td className="px-3 py-2">
                <div className="font-medium">{t.name}</div>
                <div className="font-mono text-xs text-slate-500">{t.id}</div>
              </td>
              <td className="px-3 py-2 font-mono text-xs">{t.address}</td>
              <td className="px-3 py-2">
                {t.transport === "auto" ? "Auto" : t.transport.toUpperCase()}
              </td>
              <td className="px-3 py-2">
                <List xs={t.numbers} none="none" />
              </td>
              <td className="px-3 py-2">
                {t.authUsername || <span className="text-slate-500">none</span>}
              </td>
              <td className="px-3 py-2">
                <Secret set={t.passwordSet} />
              </td>
              {canAdmin && (
                <RowActions
                  name={t.name}
                  onEdit={() => setEditOut(t)}
                  onDelete={() => setDeleting({ ...t, inbound: false })}
                />
              )}
            </tr>
          ))}
        </Table>
        {outbound.length === 0 && <p className="text-sm text-slate-600">No outbound trunks yet.</p>}
      </section>

      <InboundTrunkDialog project={project} trunk={editIn} onClose={() => setEditIn(undefined)} />
      <OutboundTrunkDialog
        project={project}
        trunk={editOut}
        onClose={() => setEditOut(undefined)}
      />
      <SipDeleteDialog
        project={project}
        what="Trunk"
        target={deleting}
        action={deleteTrunk}
        onClose={() => setDeleting(null)}
        consequence={
          deleting?.inbound
            ? `Calls to its numbers stop being answered now${rulesOf(deleting.id) > 0 ? `; ${rulesOf(deleting.id)} dispatch rule${rulesOf(deleting.id) === 1 ? " names" : "s name"} it and will match no calls through it` : ""}. Calls already connected continue.`
            : "Calls can no longer be placed through it. Calls already connected continue."
        }
      />
    </div>
  );
}
