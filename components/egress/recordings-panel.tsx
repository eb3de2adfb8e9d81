"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { lazyComponent } from "@/components/ui/lazy";
import { useLoaded } from "@/components/ui/use-loaded";
import type { EgressList, EgressView } from "@/lib/egress/types";
import type { Initial } from "@/lib/procedures/result";
import { EgressTable } from "./egress-table";
import { useEgress } from "./use-egress";

const StartEgressDialog = lazyComponent(() =>
  import("./start-egress-dialog").then((m) => m.StartEgressDialog),
);
const StopEgressDialog = lazyComponent(() =>
  import("./stop-egress-dialog").then((m) => m.StopEgressDialog),
);
const UpdateEgressDialog = lazyComponent(() =>
  import("./update-egress-dialog").then((m) => m.UpdateEgressDialog),
);

type Props = {
  project: string;
  /** One room's recordings (its page, or the list filtered by room). */
  room?: string;
  /** On the room's own page: the room is fixed, not a column. */
  inRoom?: boolean;
  canManage: boolean;
  initial?: Initial<EgressList>;
};

/** Recordings and streams, live, with start, stop and change for operators. */
export function RecordingsPanel({ project, room, inRoom, canManage, initial }: Props) {
  const { query, error } = useEgress(project, room, initial);
  const stale = error !== undefined && query.data !== undefined;
  const [starting, setStarting] = useState(false);
  const [stopping, setStopping] = useState<EgressView | null>(null);
  const [editing, setEditing] = useState<EgressView | null>(null);
  const startLoaded = useLoaded(starting);
  const stopLoaded = useLoaded(stopping !== null);
  const editLoaded = useLoaded(editing !== null);
  const data = query.data;
  const rows = data?.egress ?? [];
  const active = rows.filter((e) => e.active).length;
  return (
    <div>
      <div className="mb-2 flex flex-wrap items-end justify-between gap-2">
        <p className="text-sm text-slate-600" role="status" data-testid="egress-summary">
          {data
            ? rows.length === 0
              ? "No recordings or streams."
              : `${active} active, ${rows.length - active} ended (newest first).`
            : "Loading recordings…"}
        </p>
        {canManage && (
          <Button
            variant={inRoom ? "secondary" : "primary"}
            size={inRoom ? "sm" : "md"}
            onClick={() => setStarting(true)}
          >
            Start recording
          </Button>
        )}
      </div>
      {data?.listProblem && (
        <p
          role="alert"
          className="mb-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
        >
          {data.listProblem}
        </p>
      )}
      {rows.length > 0 && (
        <EgressTable
          project={project}
          rows={rows}
          canManage={canManage}
          hideRoom={inRoom}
          stale={stale}
          onStop={setStopping}
          onEdit={setEditing}
        />
      )}
      {startLoaded && (
        <StartEgressDialog
          project={project}
          room={inRoom ? room : undefined}
          open={starting}
          onClose={() => setStarting(false)}
        />
      )}
      {stopLoaded && (
        <StopEgressDialog project={project} egress={stopping} onClose={() => setStopping(null)} />
      )}
      {editLoaded && (
        <UpdateEgressDialog project={project} egress={editing} onClose={() => setEditing(null)} />
      )}
    </div>
  );
}
