import "server-only";
import { afterChange } from "@/lib/live/snapshots";
import { forgetStuck } from "@/lib/egress/attention";
import { egressFailure } from "@/lib/egress/errors";
import { joinedList } from "@/lib/egress/joined";
import { forgetEgressLists, sharedList } from "@/lib/egress/list-cache";
import { maskStreamUrl } from "@/lib/url-mask";
import {
  egressRefSchema,
  listEgressSchema,
  startEgressSchema,
  startRefSchema,
  updateLayoutSchema,
  updateStreamSchema,
} from "@/lib/egress/schema";
import * as service from "@/lib/egress/service";
import {
  CANCEL_ACTION,
  START_ACTION,
  cancelTarget,
  cancelStart,
  startInBackground,
  startState,
} from "@/lib/egress/starts";
import type { EgressList, EgressView, StartState } from "@/lib/egress/types";
import { procedure, type ProcedureContext } from "@/lib/procedures/procedure";
import { ROUTES } from "@/lib/procedures/routes";

/** LiveKit's egress refusals in plain words; then the rooms (their Recording column) refresh. */
async function change(ctx: ProcedureContext, egressId: string, work: () => Promise<EgressView>) {
  let out: EgressView;
  try {
    out = await work();
  } catch (e) {
    throw egressFailure(e, ctx.target.url, egressId);
  }
  forgetStuck(ctx.project);
  forgetEgressLists(ctx.project);
  await afterChange(ctx.project, ctx.target, out.room || undefined);
  return out;
}

/** Active and recent egress of the project (or of one room), keys masked for everyone. */
export const listEgress = procedure({
  name: "egress.list",
  permission: "view",
  input: listEgressSchema,
  handler: (i, ctx): Promise<EgressList> =>
    sharedList(`${ctx.project}\u0000${ctx.target.url}\u0000${i.room ?? ""}`, async () => {
      const { egress, listProblem } = await joinedList(ctx, i.room || undefined);
      return { egress, listProblem };
    }),
  route: { path: ROUTES.listEgress, query: true },
});

export const startEgress = procedure({
  name: START_ACTION,
  permission: "manage",
  input: startEgressSchema,
  handler: (i, ctx): Promise<StartState> => startInBackground(ctx, i),
  audit: {
    target: (i) => i.room,
    // Where it goes, with stream keys masked: the trail is read by people, never a key.
    params: ({ room: _r, urls, identity, trackId, ...rest }) => ({
      ...rest,
      ...(identity ? { identity } : {}),
      ...(trackId ? { trackId } : {}),
      streams: urls.map(maskStreamUrl),
    }),
    // A start with no egress worker is answered after ~22 s, in the background (starts.ts).
    closedBy: "handler",
  },
  action: true,
});

/** How a start left running in the background ended (any instance answers, from the trail). */
export const readEgressStart = procedure({
  name: "egress.start-state",
  permission: "view",
  input: startRefSchema,
  handler: (i, ctx) => startState(ctx, i.startId),
  route: { path: ROUTES.readEgressStart },
});

/**
 * Stops waiting for a start. If an egress service takes it after all, the background start
 * stops that egress at once (nothing records that nobody asked for any longer).
 */
export const cancelEgressStart = procedure({
  name: CANCEL_ACTION,
  permission: "manage",
  input: startRefSchema,
  handler: (i, ctx): Promise<StartState> => cancelStart(ctx, i.startId),
  audit: { target: (i) => cancelTarget(i.startId) },
  action: true,
});

export const stopEgress = procedure({
  name: "egress.stop",
  permission: "manage",
  input: egressRefSchema,
  handler: (i, ctx) => change(ctx, i.egressId, () => service.stopEgress(ctx.egress, i.egressId)),
  audit: { target: (i) => i.egressId },
  action: true,
});

export const updateEgressLayout = procedure({
  name: "egress.layout",
  permission: "manage",
  input: updateLayoutSchema,
  handler: (i, ctx) =>
    change(ctx, i.egressId, () => service.updateLayout(ctx.egress, i.egressId, i.layout)),
  audit: { target: (i) => i.egressId, params: (i) => ({ layout: i.layout }) },
  action: true,
});

export const updateEgressStream = procedure({
  name: "egress.stream",
  permission: "manage",
  input: updateStreamSchema,
  handler: (i, ctx) =>
    change(ctx, i.egressId, () =>
      service.updateStream(ctx.egress, i.egressId, i.addUrls, i.removeRefs),
    ),
  audit: {
    target: (i) => i.egressId,
    params: (i) => ({ added: i.addUrls.map(maskStreamUrl), removed: i.removeRefs }),
  },
  action: true,
});
