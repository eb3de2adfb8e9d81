"use client";

import { useState } from "react";
import type { DispatchView } from "@/lib/agents/view";
import type { ParticipantView } from "@/lib/rooms/participant-view";
import type { Initial } from "@/lib/procedures/result";
import { Button } from "@/components/ui/button";
import { Table, Th } from "@/components/ui/table";
import { RelativeTime } from "@/components/ui/local-time";
import { lazyComponent } from "@/components/ui/lazy";
import { useLoaded } from "@/components/ui/use-loaded";
import { useDispatches } from "./use-dispatches";

const CreateDispatchDialog = lazyComponent(() =>
  import("./create-dispatch-dialog").then((m) => m.CreateDispatchDialog),
);
const DeleteDispatchDialog = lazyComponent(() =>
  import("./delete-dispatch-dialog").then((m) => m.DeleteDispatchDialog),
);

type Props = {
  project: string;
  room: string;
  canManage: boolean;
  participants: ParticipantView[];
  initial?: Initial<DispatchView[]>;
};

/** The agents in the room that answer to a name (what its dispatch brought, or would). */
const agentsNamed = (ps: ParticipantView[], name: string) =>
  ps.filter((p) => p.agent && p.agent.name === name).map((p) => p.identity);

export function DispatchesPanel({ project, room, canManage, participants, initial }: Props) {
  const { query } = useDispatches(project, room, initial);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<DispatchView | null>(null);
  const createLoaded = useLoaded(creating);
  const deleteLoaded = useLoaded(deleting !== null);
  const dispatches = query.data ?? [];
  return (
    <section aria-labelledby="dispatches-heading" className="mt-6">
      <div className="mb-2 flex items-end justify-between gap-2">
        <h2
          id="dispatches-heading"
          className="text-sm font-semibold uppercase tracking-wide text-slate-500"
        >
          Agent dispatches
        </h2>
        {canManage && (
          <Button variant="secondary" size="sm" onClick={() => setCreating(true)}>
            Dispatch agent
          </Button>
        )}
      </div>
      {dispatches.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">
          {query.data ? "No agent is dispatched to this room." : "Loading dispatches…"}
        </p>
      ) : (
        <Table
          label="Agent dispatches"
          head={
            <>
              {["Agent", "In the room", "Metadata", "Created"].map((h) => (
                <Th key={h}>{h}</Th>
              ))}
              {canManage && <Th srLabel="Actions" />}
            </>
          }
        >
          {dispatches.map((d) => {
            const here = d.agentName ? agentsNamed(participants, d.agentName) : [];
            return (
              <tr key={d.id} data-dispatch={d.agentName}>
                <th scope="row" className="px-3 py-2 font-medium">
                  {d.agentName || (
                    <span title="LiveKit adds this to every room created without agents">
                      Automatic (workers registered without a name)
                    </span>
                  )}
                  <div className="text-xs font-normal text-slate-500">{d.id}</div>
                </th>
                <td className="px-3 py-2 text-xs">
                  {here.length > 0 ? here.join(", ") : <span className="text-slate-500">none</span>}
                </td>
                <td className="max-w-48 truncate px-3 py-2 font-mono text-xs" title={d.metadata}>
                  {d.metadata || <span className="text-slate-400">—</span>}
                </td>
                <td className="whitespace-nowrap px-3 py-2">
                  {d.createdAtMs ? <RelativeTime ms={d.createdAtMs} /> : "—"}
                </td>
                {canManage && (
                  <td className="px-3 py-2 text-right">
                    <Button
                      variant="ghost"
                      size="sm"
                      onClick={() => setDeleting(d)}
                      aria-label={`Delete dispatch of ${d.agentName || "automatic agents"}`}
                    >
                      Delete…
                    </Button>
                  </td>
                )}
              </tr>
            );
          })}
        </Table>
      )}
      <p className="mt-2 text-xs text-slate-500">
        Whether an agent joined is read from the participants: LiveKit&apos;s dispatch list often
        reports no job, even after the agent ran. A dispatch made while no worker of that name is
        registered is never delivered.
      </p>
      {createLoaded && (
        <CreateDispatchDialog
          project={project}
          room={room}
          open={creating}
          onClose={() => setCreating(false)}
        />
      )}
      {deleteLoaded && (
        <DeleteDispatchDialog
          project={project}
          room={room}
          dispatch={deleting}
          agents={deleting?.agentName ? agentsNamed(participants, deleting.agentName) : []}
          onClose={() => setDeleting(null)}
        />
      )}
    </section>
  );
}
