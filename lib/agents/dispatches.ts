import "server-only";
import type { AgentDispatchClient, RoomServiceClient } from "livekit-server-sdk";
import { ActionFailure } from "@/lib/procedures/failure";
import { findRoom } from "@/lib/rooms/service";
import { toDispatchView, type DispatchView } from "@/lib/agents/view";
import { toParticipantView } from "@/lib/rooms/participant-view";

/**
 * LiveKit answers a dispatch call for a room that is not open only after 3 s, with a 503 "no
 * response from servers" (v1.13.5, measured): callers check the room first, and a room that
 * closed in between is said plainly instead.
 */
async function onOpenRoom<T>(room: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if ((e as { status?: number }).status !== 503) throw e;
    throw new ActionFailure({
      code: "not_found",
      message: `LiveKit found no node hosting "${room}": the room has probably just closed. Reload the room's page.`,
    });
  }
}

const byCreation = (a: DispatchView, b: DispatchView) =>
  a.createdAtMs - b.createdAtMs || (a.id < b.id ? -1 : 1);

export async function listDispatches(
  ads: AgentDispatchClient,
  room: string,
): Promise<DispatchView[]> {
  return (await onOpenRoom(room, () => ads.listDispatch(room)))
    .map(toDispatchView)
    .sort(byCreation);
}

/**
 * A dispatch for a room that does not exist would create nothing visible (LiveKit keeps it
 * until a room of that name opens): refused, so a typo is said at once.
 */
export async function createDispatch(
  rs: RoomServiceClient,
  ads: AgentDispatchClient,
  i: { room: string; agentName: string; metadata: string },
): Promise<DispatchView> {
  if (!(await findRoom(rs, i.room)))
    throw new ActionFailure({ code: "not_found", message: "The room no longer exists." });
  return toDispatchView(
    await onOpenRoom(i.room, () =>
      ads.createDispatch(i.room, i.agentName, { metadata: i.metadata }),
    ),
  );
}

/** The agents in a room that answer to a dispatch's agent name. */
async function agentsNamed(rs: RoomServiceClient, room: string, agentName: string) {
  const people = (await rs.listParticipants(room)).map(toParticipantView);
  return people.filter((p) => p.agent?.name === agentName);
}

export type DeleteDispatchOutcome = {
  status: "deleted" | "already_gone";
  /** Agents disconnected with it (the ones the operator confirmed and still there). */
  removed: string[];
};

/**
 * Deleting a dispatch does not remove an agent that already joined (LiveKit only stops
 * dispatching it): the agents the operator confirmed are removed too, in the same action.
 */
export async function deleteDispatch(
  rs: RoomServiceClient,
  ads: AgentDispatchClient,
  i: { room: string; dispatchId: string; removeAgents: string[] },
): Promise<DeleteDispatchOutcome> {
  // A closed room's dispatches went with it.
  if (!(await findRoom(rs, i.room))) return { status: "already_gone", removed: [] };
  const existing = await onOpenRoom(i.room, () => ads.getDispatch(i.dispatchId, i.room));
  if (existing)
    await onOpenRoom(i.room, () => ads.deleteDispatch(i.dispatchId, i.room)).catch((e: unknown) => {
      // Deleted by someone else since: the outcome the operator wanted.
      if ((e as { status?: number }).status !== 404) throw e;
    });
  const removed: string[] = [];
  if (i.removeAgents.length > 0 && existing) {
    const named = new Set(
      (await agentsNamed(rs, i.room, existing.agentName)).map((p) => p.identity),
    );
    for (const identity of i.removeAgents) {
      if (!named.has(identity)) continue;
      try {
        await rs.removeParticipant(i.room, identity);
        removed.push(identity);
      } catch (e) {
        if ((e as { status?: number }).status !== 404) throw e;
      }
    }
  }
  return { status: existing ? "deleted" : "already_gone", removed };
}
