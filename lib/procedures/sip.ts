import "server-only";
import { z } from "zod";
import { procedure, type ProcedureContext } from "@/lib/procedures/procedure";
import { ROUTES } from "@/lib/procedures/routes";
import { afterChange } from "@/lib/live/snapshots";
import { placeCallSchema, transferCallSchema } from "@/lib/sip/call-schema";
import * as calls from "@/lib/sip/calls";
import { sipFailure } from "@/lib/sip/errors";
import { sipChanged, sipLists } from "@/lib/sip/lists";
import { ruleRefSchema, ruleFormSchema, updateRuleSchema } from "@/lib/sip/rule-schema";
import * as service from "@/lib/sip/service";
import type { CallPlaced } from "@/lib/sip/view";
import {
  inboundTrunkFormSchema,
  outboundTrunkFormSchema,
  trunkRefSchema,
  updateInboundTrunkSchema,
  updateOutboundTrunkSchema,
} from "@/lib/sip/trunk-schema";

/** LiveKit's SIP refusals, named on the field they concern; then the change is shared. */
async function change<T>(ctx: ProcedureContext, work: () => Promise<T>): Promise<T> {
  let out: T;
  try {
    out = await work();
  } catch (e) {
    throw sipFailure(e, ctx.target.url);
  }
  await sipChanged(ctx.project, ctx.target);
  return out;
}

// Trunk passwords and rule PINs are write-only: the record says whether one was typed, never
// what (the audit store drops keys like "authPassword" and "pin" too, refusals included).
const trunkParams = ({ authPassword, ...rest }: { authPassword?: string | undefined }) => ({
  ...rest,
  credentialTyped: Boolean(authPassword),
});
const ruleParams = ({ pin, ...rest }: { pin?: string | undefined }) => ({
  ...rest,
  pinTyped: Boolean(pin),
});

export const listSip = procedure({
  name: "sip.list",
  permission: "view",
  input: z.object({}),
  handler: async (_i, ctx) => {
    try {
      return await sipLists(ctx.project, ctx.target, ctx.sip);
    } catch (e) {
      throw sipFailure(e, ctx.target.url);
    }
  },
  route: { path: ROUTES.listSip },
});

export const createInboundTrunk = procedure({
  name: "sip.inbound.create",
  permission: "administer",
  input: inboundTrunkFormSchema,
  handler: (i, ctx) => change(ctx, () => service.createInbound(ctx.sip, i)),
  audit: { target: (i) => i.name, params: trunkParams },
  action: true,
});

export const updateInboundTrunk = procedure({
  name: "sip.inbound.update",
  permission: "administer",
  input: updateInboundTrunkSchema,
  handler: ({ id, ...form }, ctx) => change(ctx, () => service.updateInbound(ctx.sip, id, form)),
  audit: { target: (i) => i.id, params: trunkParams },
  action: true,
});

export const createOutboundTrunk = procedure({
  name: "sip.outbound.create",
  permission: "administer",
  input: outboundTrunkFormSchema,
  handler: (i, ctx) => change(ctx, () => service.createOutbound(ctx.sip, i)),
  audit: { target: (i) => i.name, params: trunkParams },
  action: true,
});

export const updateOutboundTrunk = procedure({
  name: "sip.outbound.update",
  permission: "administer",
  input: updateOutboundTrunkSchema,
  handler: ({ id, ...form }, ctx) => change(ctx, () => service.updateOutbound(ctx.sip, id, form)),
  audit: { target: (i) => i.id, params: trunkParams },
  action: true,
});

export const deleteTrunk = procedure({
  name: "sip.trunk.delete",
  permission: "administer",
  input: trunkRefSchema,
  handler: (i, ctx) => change(ctx, () => service.deleteTrunk(ctx.sip, i.id)),
  audit: { target: (i) => i.id },
  action: true,
});

export const createDispatchRule = procedure({
  name: "sip.rule.create",
  permission: "administer",
  input: ruleFormSchema,
  handler: (i, ctx) => change(ctx, () => service.createRule(ctx.sip, i)),
  audit: { target: (i) => i.name, params: ruleParams },
  action: true,
});

export const updateDispatchRule = procedure({
  name: "sip.rule.update",
  permission: "administer",
  input: updateRuleSchema,
  handler: ({ id, ...form }, ctx) => change(ctx, () => service.updateRule(ctx.sip, id, form)),
  audit: { target: (i) => i.id, params: ruleParams },
  action: true,
});

export const deleteDispatchRule = procedure({
  name: "sip.rule.delete",
  permission: "administer",
  input: ruleRefSchema,
  handler: (i, ctx) => change(ctx, () => service.deleteRule(ctx.sip, i.id)),
  audit: { target: (i) => i.id },
  action: true,
});

export const placeCall = procedure({
  name: "sip.call.place",
  permission: "manage",
  input: placeCallSchema,
  handler: async (i, ctx) => {
    let out: CallPlaced;
    try {
      out = await calls.placeCall(ctx.sip, i);
    } catch (e) {
      throw sipFailure(e, ctx.target.url);
    }
    await afterChange(ctx.project, ctx.target, i.room);
    return out;
  },
  audit: {
    target: (i) => `${i.room}/${i.identity || "(new caller)"}`,
    // DTMF is often a conference PIN or an account number: whether some was sent, not which.
    params: ({ room: _r, dtmf, ...rest }) => ({ ...rest, dtmfTyped: !!dtmf }),
  },
  action: true,
});

export const transferCall = procedure({
  name: "sip.call.transfer",
  permission: "manage",
  input: transferCallSchema,
  handler: async (i, ctx) => {
    let out: { transferredTo: string };
    try {
      out = await calls.transferCall(ctx.sip, i.room, i.identity, i.transferTo);
    } catch (e) {
      throw sipFailure(e, ctx.target.url);
    }
    await afterChange(ctx.project, ctx.target, i.room);
    return out;
  },
  audit: {
    target: (i) => `${i.room}/${i.identity}`,
    params: (i) => ({ transferTo: i.transferTo }),
  },
  action: true,
});
