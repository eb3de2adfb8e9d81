"use client";

import { useEffect, useState } from "react";
import { revealIngress } from "@/app/p/[project]/streams/actions";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import type { IngressSecret } from "@/lib/ingress/types";
import type { AppError } from "@/lib/procedures/result";
import { MissingUrl } from "./missing-url";

type Target = { id: string; name: string; inputType: IngressSecret["inputType"] };

/**
 * The URL and stream key of one input, fetched only when an operator opens this (each opening
 * is an audit row). Held in this dialog's state only: closing it forgets them.
 */
export function RevealDialog({
  project,
  target,
  created,
  onClose,
}: {
  project: string;
  target: Target | null;
  created?: boolean;
  onClose: () => void;
}) {
  return (
    <Dialog
      open={target !== null}
      onOpenChange={(o) => !o && onClose()}
      title={`${created ? "Created: " : ""}URL and stream key of “${target?.name ?? ""}”`}
      description="Anyone with these can publish into the room. Share them only with whoever runs the encoder; each reveal is recorded in the audit log."
    >
      {target && <Secret project={project} id={target.id} onClose={onClose} />}
    </Dialog>
  );
}

function Secret({ project, id, onClose }: { project: string; id: string; onClose: () => void }) {
  const [secret, setSecret] = useState<IngressSecret>();
  const [error, setError] = useState<AppError>();
  useEffect(() => {
    let live = true;
    revealIngress({ project, id }).then(
      (res) => live && (res.ok ? setSecret(res.data) : setError(res.error)),
      () =>
        live &&
        setError({ code: "internal", message: "The console's server did not answer. Retry." }),
    );
    return () => {
      live = false;
    };
  }, [project, id]);
  return (
    <div className="space-y-3 text-sm">
      {error ? (
        <p role="alert" className="text-red-800">
          {error.message}
        </p>
      ) : !secret ? (
        <p>Asking LiveKit…</p>
      ) : (
        <dl className="space-y-3">
          {secret.urlMissing ? (
            <MissingUrl inputType={secret.inputType} />
          ) : (
            <Row
              label={secret.inputType === "url" ? "Source URL" : "Server URL"}
              value={secret.url}
            />
          )}
          {secret.inputType !== "url" && (
            <Row
              label={secret.inputType === "whip" ? "Stream key (bearer token)" : "Stream key"}
              value={secret.streamKey}
            />
          )}
          {secret.inputType !== "url" && !secret.urlMissing && (
            <Row label="URL with key (for tools that take one URL)" value={secret.fullUrl} />
          )}
        </dl>
      )}
      <div className="flex justify-end">
        <Button variant="secondary" onClick={onClose}>
          Done
        </Button>
      </div>
    </div>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="font-medium text-slate-800">{label}</dt>
      <dd className="flex items-center gap-1">
        <code className="break-all rounded bg-slate-100 px-2 py-1 font-mono text-xs" data-secret>
          {value}
        </code>
        <CopyButton value={value} what={label.toLowerCase()} />
      </dd>
    </div>
  );
}
