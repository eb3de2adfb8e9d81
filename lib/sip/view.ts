import "server-only";
import type {
  SIPDispatchRuleInfo,
  SIPInboundTrunkInfo,
  SIPOutboundTrunkInfo,
} from "livekit-server-sdk";
import type { TransportName } from "@/lib/sip/trunk-schema";
import type { RuleKind } from "@/lib/sip/rule-schema";

/** Trunks and rules as the browser sees them: passwords and PINs only as "set" or not. */
export type InboundTrunkView = {
  id: string;
  name: string;
  numbers: string[];
  allowedAddresses: string[];
  allowedNumbers: string[];
  authUsername: string;
  passwordSet: boolean;
  metadata: string;
};

export type OutboundTrunkView = {
  id: string;
  name: string;
  address: string;
  transport: TransportName;
  numbers: string[];
  authUsername: string;
  passwordSet: boolean;
  metadata: string;
};

export type RuleView = {
  id: string;
  name: string;
  kind: RuleKind | "other";
  roomName: string;
  roomPrefix: string;
  pinSet: boolean;
  trunkIds: string[];
  hidePhoneNumber: boolean;
  attributes: Record<string, string>;
  agents: { agentName: string; metadata: string }[];
  metadata: string;
};

export type SipLists = {
  inbound: InboundTrunkView[];
  outbound: OutboundTrunkView[];
  rules: RuleView[];
};

// livekit.SIPTransport's values (the SDK does not re-export the enum).
export const TRANSPORT_OF: Record<TransportName, number> = { auto: 0, udp: 1, tcp: 2, tls: 3 };
const TRANSPORT: Record<number, TransportName> = { 0: "auto", 1: "udp", 2: "tcp", 3: "tls" };

// Field by field: authPassword stays on the server.
export const toInboundView = (t: SIPInboundTrunkInfo): InboundTrunkView => ({
  id: t.sipTrunkId,
  name: t.name,
  numbers: [...t.numbers],
  allowedAddresses: [...t.allowedAddresses],
  allowedNumbers: [...t.allowedNumbers],
  authUsername: t.authUsername,
  passwordSet: t.authPassword !== "",
  metadata: t.metadata,
});

export const toOutboundView = (t: SIPOutboundTrunkInfo): OutboundTrunkView => ({
  id: t.sipTrunkId,
  name: t.name,
  address: t.address,
  transport: TRANSPORT[t.transport] ?? "auto",
  numbers: [...t.numbers],
  authUsername: t.authUsername,
  passwordSet: t.authPassword !== "",
  metadata: t.metadata,
});

export function toRuleView(r: SIPDispatchRuleInfo): RuleView {
  const rule = r.rule?.rule;
  const base = { roomName: "", roomPrefix: "", pinSet: false };
  const shape =
    rule?.case === "dispatchRuleDirect"
      ? {
          kind: "direct" as const,
          ...base,
          roomName: rule.value.roomName,
          pinSet: rule.value.pin !== "",
        }
      : rule?.case === "dispatchRuleIndividual"
        ? {
            kind: "individual" as const,
            ...base,
            roomPrefix: rule.value.roomPrefix,
            pinSet: rule.value.pin !== "",
          }
        : rule?.case === "dispatchRuleCallee"
          ? {
              kind: "callee" as const,
              ...base,
              roomPrefix: rule.value.roomPrefix,
              pinSet: rule.value.pin !== "",
            }
          : { kind: "other" as const, ...base };
  return {
    id: r.sipDispatchRuleId,
    name: r.name,
    ...shape,
    trunkIds: [...r.trunkIds],
    hidePhoneNumber: r.hidePhoneNumber,
    attributes: { ...r.attributes },
    agents: (r.roomConfig?.agents ?? []).map((a) => ({
      agentName: a.agentName,
      metadata: a.metadata,
    })),
    metadata: r.metadata,
  };
}

export type CallPlaced = {
  room: string;
  identity: string;
  sipCallId: string;
  /** The call was answered before this returned (it waited); otherwise it is still ringing. */
  answered: boolean;
  tookMs: number;
};
