import "server-only";
import {
  RoomAgentDispatch,
  RoomConfiguration,
  SIPDispatchRule,
  SIPDispatchRuleCallee,
  SIPDispatchRuleDirect,
  SIPDispatchRuleIndividual,
  SIPDispatchRuleInfo,
  SIPInboundTrunkInfo,
  SIPOutboundTrunkInfo,
  type SipClient,
} from "livekit-server-sdk";
import { ActionFailure } from "@/lib/procedures/failure";
import type { InboundTrunkForm, OutboundTrunkForm } from "@/lib/sip/trunk-schema";
import type { RuleForm } from "@/lib/sip/rule-schema";
import {
  TRANSPORT_OF,
  toInboundView,
  toOutboundView,
  toRuleView,
  type InboundTrunkView,
  type OutboundTrunkView,
  type RuleView,
  type SipLists,
} from "@/lib/sip/view";

const gone = (what: string): never => {
  throw new ActionFailure({
    code: "not_found",
    message: `The ${what} no longer exists (someone may have deleted it). Reload the list.`,
  });
};

/** Trunks and rules, three reads at once (LiveKit serves them from Redis). */
export async function listSip(sip: SipClient): Promise<SipLists> {
  const [inbound, outbound, rules] = await Promise.all([
    sip.listSipInboundTrunk(),
    sip.listSipOutboundTrunk(),
    sip.listSipDispatchRule(),
  ]);
  const byName = <T extends { name: string; id: string }>(a: T, b: T) =>
    a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
  return {
    inbound: inbound.map(toInboundView).sort(byName),
    outbound: outbound.map(toOutboundView).sort(byName),
    rules: rules.map(toRuleView).sort(byName),
  };
}

// A typed password replaces the old one; none keeps it (it is never shown, so never re-sent).
const password = (typed: string | undefined, current = "") => (typed ? typed : current);

export async function createInbound(
  sip: SipClient,
  f: InboundTrunkForm,
): Promise<InboundTrunkView> {
  const t = await sip.createSipInboundTrunk(f.name, f.numbers, {
    allowedAddresses: f.allowedAddresses,
    allowedNumbers: f.allowedNumbers,
    authUsername: f.authUsername,
    authPassword: password(f.authPassword),
    metadata: f.metadata,
  });
  return toInboundView(t);
}

export async function updateInbound(
  sip: SipClient,
  id: string,
  f: InboundTrunkForm,
): Promise<InboundTrunkView> {
  const [current] = await sip.listSipInboundTrunk({ trunkIds: [id] });
  if (!current?.sipTrunkId) return gone("inbound trunk");
  // Replaced whole (what the form does not show, e.g. headers, is carried over).
  const next = new SIPInboundTrunkInfo({
    ...current,
    name: f.name,
    numbers: f.numbers,
    allowedAddresses: f.allowedAddresses,
    allowedNumbers: f.allowedNumbers,
    authUsername: f.authUsername,
    authPassword: password(f.authPassword, current.authPassword),
    metadata: f.metadata,
  });
  return toInboundView(await sip.updateSipInboundTrunk(id, next));
}

export async function createOutbound(
  sip: SipClient,
  f: OutboundTrunkForm,
): Promise<OutboundTrunkView> {
  const t = await sip.createSipOutboundTrunk(f.name, f.address, f.numbers, {
    transport: TRANSPORT_OF[f.transport],
    authUsername: f.authUsername,
    authPassword: password(f.authPassword),
    metadata: f.metadata,
  });
  return toOutboundView(t);
}

export async function updateOutbound(
  sip: SipClient,
  id: string,
  f: OutboundTrunkForm,
): Promise<OutboundTrunkView> {
  const [current] = await sip.listSipOutboundTrunk({ trunkIds: [id] });
  if (!current?.sipTrunkId) return gone("outbound trunk");
  const next = new SIPOutboundTrunkInfo({
    ...current,
    name: f.name,
    address: f.address,
    transport: TRANSPORT_OF[f.transport],
    numbers: f.numbers,
    authUsername: f.authUsername,
    authPassword: password(f.authPassword, current.authPassword),
    metadata: f.metadata,
  });
  return toOutboundView(await sip.updateSipOutboundTrunk(id, next));
}

/** LiveKit's 404: someone (or another tool) deleted it first; what was asked for holds. */
const alreadyGone = (e: unknown) =>
  e instanceof Error && (e as { status?: unknown }).status === 404;

export async function deleteTrunk(
  sip: SipClient,
  id: string,
): Promise<{ id: string; alreadyGone: boolean }> {
  try {
    await sip.deleteSipTrunk(id);
    return { id, alreadyGone: false };
  } catch (e) {
    if (alreadyGone(e)) return { id, alreadyGone: true };
    throw e;
  }
}

/**
 * The rule's kind and its fields. `kept` is the current rule's own value when the kind is not
 * changed: fields the form does not show (an individual rule's `noRandomness`, a callee rule's
 * `randomize`, set with the lk CLI) stay as they were instead of being reset by an edit.
 */
function ruleOf(f: RuleForm, pin: string, current?: SIPDispatchRule): SIPDispatchRule {
  const kept = <T>(kase: string): Partial<T> =>
    current?.rule.case === kase ? ({ ...current.rule.value } as unknown as Partial<T>) : {};
  if (f.kind === "direct")
    return new SIPDispatchRule({
      rule: {
        case: "dispatchRuleDirect",
        value: new SIPDispatchRuleDirect({
          ...kept<SIPDispatchRuleDirect>("dispatchRuleDirect"),
          roomName: f.roomName,
          pin,
        }),
      },
    });
  if (f.kind === "individual")
    return new SIPDispatchRule({
      rule: {
        case: "dispatchRuleIndividual",
        value: new SIPDispatchRuleIndividual({
          ...kept<SIPDispatchRuleIndividual>("dispatchRuleIndividual"),
          roomPrefix: f.roomPrefix,
          pin,
        }),
      },
    });
  return new SIPDispatchRule({
    rule: {
      case: "dispatchRuleCallee",
      value: new SIPDispatchRuleCallee({
        ...kept<SIPDispatchRuleCallee>("dispatchRuleCallee"),
        roomPrefix: f.roomPrefix,
        pin,
      }),
    },
  });
}

const roomConfigOf = (f: RuleForm, current?: RoomConfiguration) =>
  f.agents.length === 0 && !current
    ? undefined
    : new RoomConfiguration({
        ...current,
        agents: f.agents.map((a) => new RoomAgentDispatch(a)),
      });

const pinOf = (r: SIPDispatchRuleInfo | undefined) => r?.rule?.rule.value?.pin ?? "";

function ruleInfo(f: RuleForm, pin: string, current?: SIPDispatchRuleInfo) {
  return new SIPDispatchRuleInfo({
    ...current,
    name: f.name,
    rule: ruleOf(f, pin, current?.rule),
    trunkIds: f.trunkIds,
    hidePhoneNumber: f.hidePhoneNumber,
    attributes: f.attributes,
    roomConfig: roomConfigOf(f, current?.roomConfig),
    metadata: f.metadata,
  });
}

export async function createRule(sip: SipClient, f: RuleForm): Promise<RuleView> {
  const info = ruleInfo(f, f.pin ?? "");
  const created = await sip.createSipDispatchRule(
    f.kind === "direct"
      ? { type: "direct", roomName: f.roomName, pin: f.pin }
      : { type: f.kind, roomPrefix: f.roomPrefix, pin: f.pin },
    {
      name: f.name,
      metadata: f.metadata,
      trunkIds: f.trunkIds,
      hidePhoneNumber: f.hidePhoneNumber,
      attributes: f.attributes,
      roomConfig: info.roomConfig,
    },
  );
  return toRuleView(created);
}

export async function updateRule(sip: SipClient, id: string, f: RuleForm): Promise<RuleView> {
  const [current] = await sip.listSipDispatchRule({ dispatchRuleIds: [id] });
  if (!current?.sipDispatchRuleId) return gone("dispatch rule");
  const next = ruleInfo(f, f.pin ? f.pin : pinOf(current), current);
  return toRuleView(await sip.updateSipDispatchRule(id, next));
}

export async function deleteRule(
  sip: SipClient,
  id: string,
): Promise<{ id: string; alreadyGone: boolean }> {
  try {
    await sip.deleteSipDispatchRule(id);
    return { id, alreadyGone: false };
  } catch (e) {
    if (alreadyGone(e)) return { id, alreadyGone: true };
    throw e;
  }
}
