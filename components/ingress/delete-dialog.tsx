"use client";

import { deleteIngress } from "@/app/p/[project]/streams/actions";
import { SipDeleteDialog } from "@/components/sip/delete-dialog";
import type { IngressView } from "@/lib/ingress/types";

type Props = {
  project: string;
  target: IngressView | null;
  onClose: () => void;
  onDone: () => void;
};

/** Deleting an input: a live stream is cut and the key stops working, so it is confirmed first. */
export function DeleteIngressDialog({ project, target, onClose, onDone }: Props) {
  const live = target?.state.status === "publishing" || target?.state.status === "buffering";
  return (
    <SipDeleteDialog
      project={project}
      what="Stream input"
      target={target}
      action={deleteIngress}
      onClose={() => {
        // Also after a cancel: one extra read of the shared list, never a stale row.
        onDone();
        onClose();
      }}
      consequence={
        <>
          {live
            ? `It is ${target.state.status} now: the stream is cut at once and ${target.identity} leaves room “${target.room}”. `
            : "Nothing is streaming through it now. "}
          Its stream key stops working for good: an encoder that reconnects is refused, and a new
          input gets a new key.
        </>
      }
    />
  );
}
