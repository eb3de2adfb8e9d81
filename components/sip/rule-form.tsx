"use client";

import { useState, type FormEvent } from "react";
import { createDispatchRule, updateDispatchRule } from "@/app/p/[project]/telephony/actions";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-actions";
import { RULE_KINDS, type RuleKind } from "@/lib/sip/rule-schema";
import { splitList } from "@/lib/sip/trunk-schema";
import type { InboundTrunkView, RuleView } from "@/lib/sip/view";
import { ListField } from "./list-field";
import { errorsFor, useSipAction } from "./use-sip-action";

type Props = {
  project: string;
  rule: RuleView | null | undefined;
  trunks: InboundTrunkView[];
  onClose: () => void;
};

const KIND_HINT: Record<RuleKind, string> = {
  direct: "Every call joins the one room named below.",
  individual: "Each caller gets a room of their own, named from the prefix.",
  callee: "Calls to the same number share a room, named from the prefix and that number.",
};

export function RuleDialog({ project, rule, trunks, onClose }: Props) {
  return (
    <Dialog
      open={rule !== undefined}
      onOpenChange={(o) => !o && onClose()}
      title={rule ? `Edit dispatch rule “${rule.name}”` : "New dispatch rule"}
      description="Which room an incoming call joins, and which agents are sent there."
    >
      {rule !== undefined && (
        <RuleFormBody project={project} rule={rule} trunks={trunks} onClose={onClose} />
      )}
    </Dialog>
  );
}

// Attributes as "name=value" lines.
const attrText = (a: Record<string, string>) =>
  Object.entries(a)
    .map(([k, v]) => `${k}=${v}`)
    .join("\n");
const parseAttrs = (text: string) =>
  Object.fromEntries(
    text
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => {
        const at = l.indexOf("=");
        return at < 0 ? [l, ""] : [l.slice(0, at).trim(), l.slice(at + 1).trim()];
      }),
  ) as Record<string, string>;

function RuleFormBody({
  project,
  rule,
  trunks,
  onClose,
}: Omit<Props, "rule"> & { rule: RuleView | null }) {
  const [f, setF] = useState({
    name: rule?.name ?? "",
    kind: (rule?.kind === "other" ? "direct" : rule?.kind) ?? "direct",
    roomName: rule?.roomName ?? "",
    roomPrefix: rule?.roomPrefix ?? "call-",
    pin: "",
    trunkIds: rule?.trunkIds ?? [],
    hidePhoneNumber: rule?.hidePhoneNumber ?? false,
    attributes: attrText(rule?.attributes ?? {}),
    agents: (rule?.agents ?? []).map((a) => a.agentName).join("\n"),
    metadata: rule?.metadata ?? "",
  });
  const set = <K extends keyof typeof f>(k: K, v: (typeof f)[K]) => setF((x) => ({ ...x, [k]: v }));
  const create = useSipAction(
    createDispatchRule,
    (r) => `Dispatch rule “${r.name}” created`,
    onClose,
  );
  const update = useSipAction(
    updateDispatchRule,
    (r) => `Dispatch rule “${r.name}” saved`,
    onClose,
  );
  const action = rule ? update : create;
  const errors = action.errors;
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const input = {
      project,
      ...f,
      attributes: parseAttrs(f.attributes),
      agents: splitList(f.agents).map((agentName) => ({
        agentName,
        metadata: rule?.agents.find((a) => a.agentName === agentName)?.metadata ?? "",
      })),
    };
    if (rule) update.run({ ...input, id: rule.id });
    else create.run(input);
  }
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3">
      <Field
        label="Name"
        value={f.name}
        onChange={(e) => set("name", e.target.value)}
        errors={errors?.name}
      />
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-slate-800">Kind</legend>
        <div className="flex gap-4 text-sm">
          {RULE_KINDS.map((k) => (
            <label key={k} className="flex items-center gap-1.5">
              <input
                type="radio"
                name="kind"
                checked={f.kind === k}
                onChange={() => set("kind", k)}
              />
              {k[0]!.toUpperCase() + k.slice(1)}
            </label>
          ))}
        </div>
        <p className="mt-1 text-xs text-slate-500">{KIND_HINT[f.kind]}</p>
      </fieldset>
      {f.kind === "direct" ? (
        <Field
          label="Room name"
          value={f.roomName}
          onChange={(e) => set("roomName", e.target.value)}
          errors={errors?.roomName}
        />
      ) : (
        <Field
          label="Room prefix"
          value={f.roomPrefix}
          onChange={(e) => set("roomPrefix", e.target.value)}
          errors={errors?.roomPrefix}
        />
      )}
      <Field
        label="PIN"
        type="password"
        inputMode="numeric"
        autoComplete="off"
        value={f.pin}
        onChange={(e) => set("pin", e.target.value)}
        errors={errors?.pin}
        hint={
          rule?.pinSet
            ? "A PIN is set: callers must type it. Leave empty to keep it; type digits to replace it."
            : "Optional: digits callers must type before they are let in."
        }
      />
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-slate-800">Trunks</legend>
        {trunks.length === 0 && (
          <p className="text-xs text-slate-500">
            No inbound trunks yet: the rule applies to every trunk.
          </p>
        )}
        {trunks.map((t) => (
          <label key={t.id} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={f.trunkIds.includes(t.id)}
              onChange={(e) =>
                set(
                  "trunkIds",
                  e.target.checked ? [...f.trunkIds, t.id] : f.trunkIds.filter((x) => x !== t.id),
                )
              }
            />
            {t.name} <span className="font-mono text-xs text-slate-500">{t.id}</span>
          </label>
        ))}
        <p className="mt-1 text-xs text-slate-500">None ticked: calls from every inbound trunk.</p>
        {errorsFor(errors, "trunkIds") && (
          <p role="alert" className="mt-1 text-xs font-medium text-red-600">
            {errorsFor(errors, "trunkIds")!.join(". ")}
          </p>
        )}
      </fieldset>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={f.hidePhoneNumber}
          onChange={(e) => set("hidePhoneNumber", e.target.checked)}
        />
        Hide the caller&apos;s phone number from the room
      </label>
      <ListField
        label="Attributes"
        value={f.attributes}
        onChange={(v) => set("attributes", v)}
        placeholder="queue=support"
        hint="Set on the caller's participant, one name=value per line."
        errors={errorsFor(errors, "attributes")}
      />
      <ListField
        label="Agents"
        value={f.agents}
        onChange={(v) => set("agents", v)}
        placeholder="receptionist"
        hint="Agent names sent into each call's room (the agent's worker must be running), one per line."
        errors={errorsFor(errors, "agents")}
      />
      <Field
        label="Metadata"
        multiline
        value={f.metadata}
        onChange={(e) => set("metadata", e.target.value)}
        errors={errors?.metadata}
      />
      <FormActions
        onCancel={onClose}
        pending={action.isPending}
        label={rule ? "Save rule" : "Create rule"}
        pendingLabel="Saving…"
      />
    </form>
  );
}
