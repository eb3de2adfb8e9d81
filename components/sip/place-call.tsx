"use client";

import { useEffect, useState, useTransition, type FormEvent } from "react";
import Link from "next/link";
import { placeCall } from "@/app/p/[project]/telephony/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { roomHref } from "@/lib/http/room-path";
import type { FieldErrors } from "@/lib/procedures/result";
import type { CallPlaced, OutboundTrunkView } from "@/lib/sip/view";

type Props = { project: string; trunks: OutboundTrunkView[]; canCall: boolean };
type Outcome = { ok: true; call: CallPlaced } | { ok: false; message: string };

/** Whole seconds since `running` became true, for the dialling line. */
function useElapsed(running: boolean) {
  const [s, setS] = useState(0);
  useEffect(() => {
    if (!running) return;
    const started = Date.now();
    const t = setInterval(() => setS(Math.floor((Date.now() - started) / 1000)), 500);
    return () => {
      clearInterval(t);
      setS(0);
    };
  }, [running]);
  return s;
}

const check = "rounded border-slate-300";

export function PlaceCall({ project, trunks, canCall }: Props) {
  const [f, setF] = useState({
    trunkId: trunks[0]?.id ?? "",
    number: "",
    room: "",
    identity: "",
    waitUntilAnswered: true,
    ringingTimeoutSec: "30",
    maxDurationSec: "3600",
    dtmf: "",
    playDialtone: false,
  });
  const [pending, start] = useTransition();
  const [errors, setErrors] = useState<FieldErrors>();
  const [outcome, setOutcome] = useState<Outcome>();
  const elapsed = useElapsed(pending);
  const set = <K extends keyof typeof f>(k: K, v: (typeof f)[K]) => setF((x) => ({ ...x, [k]: v }));
  if (!canCall)
    return (
      <p className="text-sm text-slate-600">Placing calls needs the operator or admin role.</p>
    );
  if (trunks.length === 0)
    return (
      <p className="text-sm text-slate-600">
        Create an outbound trunk first: calls go out through one.
      </p>
    );
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setOutcome(undefined);
    start(async () => {
      const res = await placeCall({
        project,
        ...f,
        ringingTimeoutSec: Number(f.ringingTimeoutSec),
        maxDurationSec: Number(f.maxDurationSec),
      }).catch(() => undefined);
      if (!res) return setOutcome({ ok: false, message: "The console's server did not answer." });
      setErrors(res.ok ? undefined : res.error.fieldErrors);
      if (res.ok) setOutcome({ ok: true, call: res.data });
      else if (!res.error.fieldErrors) setOutcome({ ok: false, message: res.error.message });
    });
  }
  return (
    <form onSubmit={onSubmit} noValidate className="max-w-xl space-y-3">
      <h2 className="text-lg font-semibold">Place a call</h2>
      <div>
        <label htmlFor="call-trunk" className="mb-1 block text-sm font-medium text-slate-800">
          Outbound trunk
        </label>
        <select
          id="call-trunk"
          value={f.trunkId}
          onChange={(e) => set("trunkId", e.target.value)}
          className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
        >
          {trunks.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name} ({t.address})
            </option>
          ))}
        </select>
        {errors?.trunkId && (
          <p role="alert" className="mt-1 text-xs font-medium text-red-600">
            {errors.trunkId.join(". ")}
          </p>
        )}
      </div>
      <Field
        label="Number to call"
        value={f.number}
        placeholder="+15551234567"
        onChange={(e) => set("number", e.target.value)}
        errors={errors?.number}
      />
      <Field
        label="Room"
        value={f.room}
        onChange={(e) => set("room", e.target.value)}
        errors={errors?.room}
        hint="The room the person called joins (created if it does not exist)."
      />
      <Field
        label="Participant identity"
        value={f.identity}
        onChange={(e) => set("identity", e.target.value)}
        errors={errors?.identity}
        hint="Optional: how the call appears in the room."
      />
      <div className="grid grid-cols-2 gap-3">
        <Field
          label="Ringing timeout (s)"
          inputMode="numeric"
          value={f.ringingTimeoutSec}
          onChange={(e) => set("ringingTimeoutSec", e.target.value)}
          errors={errors?.ringingTimeoutSec}
        />
        <Field
          label="Maximum duration (s)"
          inputMode="numeric"
          value={f.maxDurationSec}
          onChange={(e) => set("maxDurationSec", e.target.value)}
          errors={errors?.maxDurationSec}
        />
      </div>
      <Field
        label="DTMF"
        value={f.dtmf}
        onChange={(e) => set("dtmf", e.target.value)}
        errors={errors?.dtmf}
        hint="Digits to press once answered (an extension); 'w' waits half a second."
      />
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          className={check}
          checked={f.waitUntilAnswered}
          onChange={(e) => set("waitUntilAnswered", e.target.checked)}
        />
        Wait until answered
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          className={check}
          checked={f.playDialtone}
          onChange={(e) => set("playDialtone", e.target.checked)}
        />
        Play a dial tone in the room until answered
      </label>
      <Button type="submit" busy={pending}>
        {pending ? "Calling…" : "Call"}
      </Button>
      <div aria-live="polite" data-testid="call-progress">
        {pending && (
          <p role="status" className="text-sm text-slate-700">
            Dialling {f.number} … {elapsed} s
            {f.waitUntilAnswered ? ` (waiting for an answer, up to ${f.ringingTimeoutSec} s)` : ""}
          </p>
        )}
        {outcome?.ok === false && (
          <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
            {outcome.message}
          </p>
        )}
        {outcome?.ok && (
          <p role="status" className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-900">
            {outcome.call.answered ? "Answered" : "Ringing"}: {outcome.call.identity} is in{" "}
            <Link className="underline" href={roomHref(project, outcome.call.room)}>
              {outcome.call.room}
            </Link>{" "}
            (after {(outcome.call.tookMs / 1000).toFixed(1)} s). Follow and hang up the call there.
          </p>
        )}
      </div>
    </form>
  );
}
