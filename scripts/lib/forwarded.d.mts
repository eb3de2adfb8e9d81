export type Trust =
  | { kind: "none" }
  | { kind: "hops"; hops: number }
  | { kind: "list"; list: import("node:net").BlockList };
export function plainAddress(a: string | undefined): string;
export function parseTrustProxy(value: string | undefined): Trust;
export function resolveClient(
  trust: Trust,
  socketAddress: string | undefined,
  xForwardedFor: string | string[] | undefined,
): { address: string; viaProxy: boolean };
export type ForwardedField = "for" | "proto" | "host";
export function parseTrustedFields(value: string | undefined): Set<ForwardedField>;
export function keepTrustedForwarded(
  headers: Record<string, string | string[] | undefined>,
  viaProxy: boolean,
  fields: Set<ForwardedField>,
): void;
