"use client";

import { useState, type FormEvent } from "react";
import { createInboundTrunk, updateInboundTrunk } from "@/app/p/[project]/telephony/actions";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-actions";
import { splitList } from "@/lib/sip/trunk-schema";
import type { InboundTrunkView } from "@/lib/sip/view";
import { ListField } from "./list-field";
import { CredentialFields } from "./credential-fields";
import { errorsFor, useSipAction } from "./use-sip-action";

type Props = {
  project: string;
  /** The trunk being edited, or null for a new one; undefined when closed. */
  trunk: InboundTrunkView | null | undefined;
  onClose: () => void;
};

export function InboundTrunkDialog({ project, trunk, onClose }: Props) {
  return (
    <Dialog
      open={trunk !== undefined}
      onOpenChange={(o) => !o && onClose()}
      title={trunk ? `Edit inbound trunk “${trunk.name}”` : "New inbound trunk"}
      description="Calls to these numbers, from these addresses, are accepted and handed to your dispatch rules."
    >
      {trunk !== undefined && <InboundForm project={project} trunk={trunk} onClose={onClose} />}
    </Dialog>
  );
}

const lines = (xs: string[] | undefined) => (xs ?? []).join("\n");

function InboundForm({
  project,
  trunk,
  onClose,
}: Omit<Props, "trunk"> & { trunk: InboundTrunkView | null }) {
  const [f, setF] = useState({
    name: trunk?.name ?? "",
    numbers: lines(trunk?.numbers),
    allowedAddresses: lines(trunk?.allowedAddresses),
    allowedNumbers: lines(trunk?.allowedNumbers),
    authUsername: trunk?.authUsername ?? "",
    authPassword: "",
    metadata: trunk?.metadata ?? "",
  });
  const set = (k: keyof typeof f) => (v: string) => setF((x) => ({ ...x, [k]: v }));
  const create = useSipAction(
    createInboundTrunk,
    (t) => `Inbound trunk “${t.name}” created`,
    onClose,
  );
  const update = useSipAction(
    updateInboundTrunk,
    (t) => `Inbound trunk “${t.name}” saved`,
    onClose,
  );
  const action = trunk ? update : create;
  const errors = action.errors;
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const input = {
      project,
      name: f.name,
      numbers: splitList(f.numbers),
      allowedAddresses: splitList(f.allowedAddresses),
      allowedNumbers: splitList(f.allowedNumbers),
      authUsername: f.authUsername,
      authPassword: f.authPassword,
      metadata: f.metadata,
    };
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
      <ListField
        label="Numbers"
        value={f.numbers}
        onChange={set("numbers")}
        placeholder="+15551234567"
        hint="The phone numbers this trunk answers, in E.164 (+, country code, number), one per line. None: any number."
        errors={errorsFor(errors, "numbers")}
      />
      <ListField
        label="Allowed addresses"
        value={f.allowedAddresses}
        onChange={set("allowedAddresses")}
        placeholder="203.0.113.0/24"
        hint="Your carrier's IPs, CIDR ranges or host names. None: calls from anywhere."
        errors={errorsFor(errors, "allowedAddresses")}
      />
      <ListField
        label="Allowed numbers"
        value={f.allowedNumbers}
        onChange={set("allowedNumbers")}
        hint="Only callers with these numbers (E.164) get through. None: every caller."
        errors={errorsFor(errors, "allowedNumbers")}
      />
      <CredentialFields
        values={f}
        passwordSet={trunk?.passwordSet ?? false}
        errors={errors}
        set={set}
      />
      {errors?._form && (
        <p role="alert" className="text-sm text-red-600">
          {errors._form.join(". ")}
        </p>
      )}
      <FormActions
        onCancel={onClose}
        pending={action.isPending}
        label={trunk ? "Save trunk" : "Create trunk"}
        pendingLabel="Saving…"
      />
    </form>
  );
}
