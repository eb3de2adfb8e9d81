// Which forwarded headers to believe. Shared by the console's server (scripts/server.mjs) and its tests.
import { BlockList, isIP } from "node:net";

/** The form of an address we compare and record: IPv4-mapped IPv6 as plain IPv4. */
export function plainAddress(a) {
  const s = String(a ?? "").trim();
  return s.startsWith("::ffff:") && isIP(s.slice(7)) === 4 ? s.slice(7) : s;
}

/**
 * TRUST_PROXY: unset, "", "0" or "false" trusts no proxy (the socket's address is the client);
 * a whole number N trusts N proxies in front of the console; otherwise a comma-separated list
 * of proxy addresses or CIDR blocks ("127.0.0.1, 10.0.0.0/8").
 */
export function parseTrustProxy(value) {
  const v = String(value ?? "").trim();
  if (v === "" || v === "0" || v === "false") return { kind: "none" };
  if (/^\d+$/.test(v)) return { kind: "hops", hops: Number(v) };
  const list = new BlockList();
  for (const raw of v
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean)) {
    const [addr, bits] = raw.split("/");
    const family = isIP(plainAddress(addr));
    if (!family) throw new Error(`TRUST_PROXY: "${raw}" is not an address or CIDR block`);
    const type = family === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) list.addAddress(plainAddress(addr), type);
    else list.addSubnet(plainAddress(addr), Number(bits), type);
  }
  return { kind: "list", list };
}

const trusted = (list, a) => {
  const family = isIP(a);
  return family !== 0 && list.check(a, family === 6 ? "ipv6" : "ipv4");
};

/**
 * The client's address and whether the peer is a trusted proxy (whose X-Forwarded-* headers
 * may then stand). Walks the chain [X-Forwarded-For hops…, socket] from the right.
 */
export function resolveClient(trust, socketAddress, xForwardedFor) {
  const socket = plainAddress(socketAddress) || "unknown";
  const hops = String(xForwardedFor ?? "")
    .split(",")
    .map(plainAddress)
    .filter(Boolean);
  const chain = [...hops, socket];
  if (trust.kind === "none") return { address: socket, viaProxy: false };
  if (trust.kind === "hops") {
    if (trust.hops === 0 || hops.length === 0) return { address: socket, viaProxy: false };
    return { address: chain[Math.max(0, chain.length - 1 - trust.hops)], viaProxy: true };
  }
  if (!trusted(trust.list, socket)) return { address: socket, viaProxy: false };
  let i = chain.length - 1;
  while (i > 0 && trusted(trust.list, chain[i])) i -= 1;
  return { address: chain[i], viaProxy: true };
}
