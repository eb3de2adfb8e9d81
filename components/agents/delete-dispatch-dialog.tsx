"use client";

import * as AlertDialog from "@radix-ui/react-alert-dialog";
import { useReturnFocus } from "@/components/ui/return-focus";
import { deleteDispatch } from "@/app/p/[project]/rooms/[room]/actions";
import type { DispatchView } from "@/lib/agents/view";
import { plural } from "@/lib/format";
import { Button } from "@/components/ui/button";
import { overlayClass, panelClass } from "@/components/ui/dialog";
import { useRoomAction } from "@/components/room/use-room-action";
import { refreshDispatches } from "./use-dispatches";

type Props = {
  project: string;
  room: string;
  dispatch: DispatchView | null;
  /** Identities of the agents of this name in the room now (what "and remove" disconnects). */
  agents: string[];
  onClose: () => void;
};

const outcome = (d: { status: string; removed: string[] }) =>
  d.status === "already_gone"
    ? "The dispatch was already gone"
    : d.removed.length > 0
      ? `Dispatch deleted; ${d.removed.join(", ")} disconnected`
      : "Dispatch deleted";

/**
 * Deleting a dispatch only stops LiveKit from dispatching it: an agent that already joined
 * stays. So when one is in the room, the dialog offers both, naming who is disconnected.
 */
export function DeleteDispatchDialog({ project, room, dispatch, agents, onClose }: Props) {
  const returnFocus = useReturnFocus();
  const mutation = useRoomAction(project, room, deleteDispatch, outcome, () => {
    onClose();
    void refreshDispatches(project, room);
  });
  const run = (removeAgents: string[]) =>
    dispatch && mutation.mutate({ project, room, dispatchId: dispatch.id, removeAgents });
  const removing = (mutation.variables?.removeAgents?.length ?? 0) > 0;
  return (
    <AlertDialog.Root open={dispatch !== null} onOpenChange={(o) => !o && onClose()}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className={overlayClass} />
        <AlertDialog.Content className={panelClass} {...returnFocus}>
          <AlertDialog.Title className="text-lg font-semibold">
            Delete the dispatch of {dispatch?.agentName || "automatic agents"}?
          </AlertDialog.Title>
          <AlertDialog.Description className="mt-3 space-y-2 text-sm text-slate-700">
            <span className="block">LiveKit stops dispatching this agent to “{room}”.</span>
            {agents.length > 0 ? (
              <span className="block font-medium">
                Deleting a dispatch does not remove an agent that already joined:{" "}
                {plural(agents.length, "agent")} ({agents.join(", ")}) would stay. “Delete and
                remove” also disconnects {agents.length === 1 ? "it" : "them"}.
              </span>
            ) : (
              <span className="block">No agent of this name is in the room now.</span>
            )}
          </AlertDialog.Description>
          <div className="mt-6 flex flex-wrap justify-end gap-2">
            <AlertDialog.Cancel asChild>
              <Button variant="secondary">Cancel</Button>
            </AlertDialog.Cancel>
            <Button
              variant={agents.length > 0 ? "secondary" : "danger"}
              busy={mutation.isPending && !removing}
              onClick={() => run([])}
            >
              {mutation.isPending && !removing
                ? "Deleting…"
                : agents.length > 0
                  ? "Delete dispatch only"
                  : "Delete dispatch"}
            </Button>
            {agents.length > 0 && (
              <Button
                variant="danger"
                busy={mutation.isPending && removing}
                onClick={() => run(agents)}
              >
                {mutation.isPending && removing
                  ? "Removing…"
                  : `Delete dispatch and remove ${agents.length === 1 ? agents[0] : plural(agents.length, "agent")}`}
              </Button>
            )}
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
