import "server-only";
import { z } from "zod";
import { procedure } from "@/lib/procedures/procedure";
import { ROUTES } from "@/lib/procedures/routes";
import { roomNameSchema } from "@/lib/rooms/schema";
import { createDispatchSchema, deleteDispatchSchema } from "@/lib/agents/schema";
import * as agents from "@/lib/agents/dispatches";
import { afterDispatchChange, dispatchesPoll } from "@/lib/agents/dispatch-poll";
import { afterChange, roomDetailPoll, valueOf } from "@/lib/live/snapshots";

/** A room's agent dispatches (shared snapshot: one ListDispatch per interval, whatever the tabs). */
export const listDispatches = procedure({
  name: "agent.dispatches",
  permission: "view",
  input: z.object({ room: roomNameSchema }),
  handler: async (i, { rs, ads, project, target }) => {
    // Asked only of an open room (the page's shared room snapshot says): LiveKit keeps a
    // dispatch call for a closed room waiting 3 s before failing.
    const room = valueOf(await roomDetailPoll(project, target, rs, i.room).read(), target);
    if (!room.exists) return [];
    return valueOf(await dispatchesPoll(project, target, ads, i.room).read(), target);
  },
  route: { path: ROUTES.listDispatches },
});

export const createDispatch = procedure({
  name: "agent.dispatch",
  permission: "manage",
  input: createDispatchSchema,
  handler: async (i, { rs, ads, project, target }) => {
    const d = await agents.createDispatch(rs, ads, i);
    await afterDispatchChange(project, target, i.room);
    return d;
  },
  audit: {
    target: (i) => `${i.room}/${i.agentName}`,
    params: (i) => ({ agentName: i.agentName, metadata: i.metadata }),
  },
  action: true,
});

export const deleteDispatch = procedure({
  name: "agent.dispatch-delete",
  permission: "manage",
  input: deleteDispatchSchema,
  handler: async (i, { rs, ads, project, target }) => {
    const out = await agents.deleteDispatch(rs, ads, i);
    await afterDispatchChange(project, target, i.room);
    if (out.removed.length > 0) await afterChange(project, target, i.room);
    return out;
  },
  audit: {
    target: (i) => `${i.room}/${i.dispatchId}`,
    params: (i) => ({ removeAgents: i.removeAgents }),
    disconnected: (d) => d.removed.length,
  },
  action: true,
});
