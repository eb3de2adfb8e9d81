import "server-only";
import { procedure, type ProcedureContext } from "@/lib/procedures/procedure";
import { ROUTES } from "@/lib/procedures/routes";
import { ingressFailure } from "@/lib/ingress/errors";
import { ingressChanged, ingressList } from "@/lib/ingress/lists";
import {
  createIngressSchema,
  ingressListSchema,
  ingressRefSchema,
  updateIngressSchema,
} from "@/lib/ingress/schema";
import * as service from "@/lib/ingress/service";
import { STATE_LOOKBACK_MS, withWebhookState } from "@/lib/ingress/state";
import type { IngressList } from "@/lib/ingress/types";

/** LiveKit's refusals in plain words; then every tab's and instance's copy of the list is dropped. */
async function change<T>(ctx: ProcedureContext, work: () => Promise<T>): Promise<T> {
  let out: T;
  try {
    out = await work();
  } catch (e) {
    throw ingressFailure(e, ctx.target.url);
  }
  await ingressChanged(ctx.project, ctx.target);
  return out;
}

// A URL input's source may carry credentials (user:pass@, a token in the query): the record
// keeps its scheme only. Stream keys are never input, and the store drops "*key*" fields too.
const createParams = ({ url, ...rest }: { url: string }) => ({
  ...rest,
  source: url ? `${url.split(":")[0]}://…` : undefined,
});

/** Stream inputs of the project (or of one room), with the state their webhooks report. */
export const listIngress = procedure({
  name: "ingress.list",
  permission: "view",
  input: ingressListSchema,
  handler: async (i, ctx): Promise<IngressList> => {
    let all;
    try {
      all = await ingressList(ctx.project, ctx.target, ctx.ingress);
    } catch (e) {
      throw ingressFailure(e, ctx.target.url);
    }
    const shown = i.room === undefined ? all : all.filter((x) => x.room === i.room);
    const events = await ctx.history.ingressStates(new Date(Date.now() - STATE_LOOKBACK_MS));
    return { ingresses: withWebhookState(shown, events) };
  },
  route: { path: ROUTES.listIngress, query: true },
});

/** Creates an input; the form then reveals its URL and key (an audited reveal, as any other). */
export const createIngress = procedure({
  name: "ingress.create",
  permission: "manage",
  input: createIngressSchema,
  handler: (i, ctx) => change(ctx, () => service.createIngress(ctx.ingress, i)),
  audit: { target: (i) => `${i.room}/${i.identity}`, params: createParams },
  action: true,
});

export const updateIngress = procedure({
  name: "ingress.update",
  permission: "manage",
  input: updateIngressSchema,
  handler: (i, ctx) => change(ctx, () => service.updateIngress(ctx.ingress, ctx.target.url, i)),
  audit: { target: (i) => `${i.room}/${i.id}` },
  action: true,
});

/**
 * The URL and stream key, for an operator who asked: a credential (anyone holding it can
 * publish into the room), so each reveal is an audit row ("ingress.reveal", the id only).
 */
export const revealIngress = procedure({
  name: "ingress.reveal",
  permission: "manage",
  input: ingressRefSchema,
  handler: async (i, ctx) => {
    try {
      return service.secretOf(await service.findIngress(ctx.ingress, i.id));
    } catch (e) {
      throw ingressFailure(e, ctx.target.url);
    }
  },
  audit: { target: (i) => i.id },
  action: true,
});

export const deleteIngress = procedure({
  name: "ingress.delete",
  permission: "manage",
  input: ingressRefSchema,
  handler: (i, ctx) => change(ctx, () => service.deleteIngress(ctx.ingress, ctx.target.url, i.id)),
  audit: { target: (i) => i.id },
  action: true,
});
