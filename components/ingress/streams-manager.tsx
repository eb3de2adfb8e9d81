"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { IngressView } from "@/lib/ingress/types";
import { DeleteIngressDialog } from "./delete-dialog";
import { IngressDialog } from "./ingress-form";
import { RevealDialog } from "./reveal-dialog";
import { StreamsTable } from "./streams-table";

type Props = {
  project: string;
  ingresses: IngressView[];
  canManage: boolean;
  /** A room page's section: new inputs default to it, and the Room column is left out. */
  room?: string;
  onChanged: () => void;
};

/** The list with its operator actions: new, reveal, edit, delete (each checked on the server). */
export function StreamsManager({ project, ingresses, canManage, room, onChanged }: Props) {
  const [editing, setEditing] = useState<IngressView | null>();
  const [revealing, setRevealing] = useState<{ i: IngressView; created: boolean } | null>(null);
  const [deleting, setDeleting] = useState<IngressView | null>(null);
  return (
    <div className="space-y-3">
      {canManage && (
        <div className="flex justify-end">
          <Button
            size={room ? "sm" : undefined}
            variant={room ? "secondary" : undefined}
            onClick={() => setEditing(null)}
          >
            New stream input
          </Button>
        </div>
      )}
      {ingresses.length > 0 && (
        <StreamsTable
          project={project}
          ingresses={ingresses}
          canManage={canManage}
          inRoom={room !== undefined}
          onReveal={(i) => setRevealing({ i, created: false })}
          onEdit={setEditing}
          onDelete={setDeleting}
        />
      )}
      <IngressDialog
        project={project}
        ingress={editing}
        room={room}
        onClose={() => setEditing(undefined)}
        onSaved={onChanged}
        onCreated={(i) => {
          setEditing(undefined);
          onChanged();
          // The creator sees the key once, through the same audited reveal as anyone.
          setRevealing({ i, created: true });
        }}
      />
      <RevealDialog
        project={project}
        target={revealing?.i ?? null}
        created={revealing?.created}
        onClose={() => setRevealing(null)}
      />
      <DeleteIngressDialog
        project={project}
        target={deleting}
        onClose={() => setDeleting(null)}
        onDone={onChanged}
      />
    </div>
  );
}
