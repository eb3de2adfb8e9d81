"use client";

import { useState, type FormEvent } from "react";
import { createOutboundTrunk, updateOutboundTrunk } from "@/app/p/[project]/telephony/actions";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-actions";
import { splitList, TRANSPORTS } from "@/lib/sip/trunk-schema";
import type { OutboundTrunkView } from "@/lib/sip/view";
import { ListField } from "./list-field";
import { CredentialFields } from "./credential-fields";
import { errorsFor, useSipAction } from "./use-sip-action";

type Props = {
  project: string;
  trunk: OutboundTrunkView | null | undefined;
  onClose: () => void;
};

export function OutboundTrunkDialog({ project, trunk, onClose }: Props) {
  return (
    <Dialog
      open={trunk !== undefined}
      onOpenChange={(o) => !o && onClose()}
      title={trunk ? `Edit outbound trunk “${trunk.name}”` : "New outbound trunk"}
      description="Where LiveKit sends the calls you place: your carrier's SIP address and the numbers it lets you call from."
    >
      {trunk !== undefined && <OutboundForm project={project} trunk={trunk} onClose={onClose} />}
    </Dialog>
  );
}

function OutboundForm({
  project,
  trunk,
  onClose,
}: Omit<Props, "trunk"> & { trunk: OutboundTrunkView | null }) {
  const [f, setF] = useState({
    name: trunk?.name ?? "",
    address: trunk?.address ?? "",
    transport: trunk?.transport ?? "auto",
    numbers: (trunk?.numbers ?? []).join("\n"),
    authUsername: trunk?.authUsername ?? "",
    authPassword: "",
    metadata: trunk?.metadata ?? "",
  });
  const set = (k: keyof typeof f) => (v: string) => setF((x) => ({ ...x, [k]: v }));
  const create = useSipAction(
    createOutboundTrunk,
    (t) => `Outbound trunk “${t.name}” created`,
    onClose,
  );
  const update = useSipAction(
    updateOutboundTrunk,
    (t) => `Outbound trunk “${t.name}” saved`,
    onClose,
  );
  const action = trunk ? update : create;
  const errors = action.errors;
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const input = { project, ...f, numbers: splitList(f.numbers) };
    if (trunk) update.run({ ...input, id: trunk.id });
    else create.run(input);
  }
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3">
      <Field
        label="Name"
        value={f.name}
        onChange={(e) => set("name")(e.target.value)}
        errors={errors?.name}
      />
      <Field
        label="Address"
        value={f.address}
        placeholder="sip.carrier.example:5060"
        onChange={(e) => set("address")(e.target.value)}
        errors={errors?.address}
        hint="Your carrier's SIP host name or IP, with a port if it is not 5060."
      />
      <div>
        <label htmlFor="sip-transport" className="mb-1 block text-sm font-medium text-slate-800">
          Transport
        </label>
        <select
          id="sip-transport"
          value={f.transport}
          onChange={(e) => set("transport")(e.target.value)}
          className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
        >
          {TRANSPORTS.map((t) => (
            <option key={t} value={t}>
              {t === "auto" ? "Auto" : t.toUpperCase()}
            </option>
          ))}
        </select>
      </div>
      <ListField
        label="Numbers"
        value={f.numbers}
        onChange={set("numbers")}
        placeholder="+15551234567"
        hint="Numbers you may call from (caller ID), E.164, one per line."
        errors={errorsFor(errors, "numbers")}
      />
      <CredentialFields
        values={f}
        passwordSet={trunk?.passwordSet ?? false}
        errors={errors}
        set={set}
      />
      <FormActions
        onCancel={onClose}
        pending={action.isPending}
        label={trunk ? "Save trunk" : "Create trunk"}
        pendingLabel="Saving…"
      />
    </form>
  );
}
