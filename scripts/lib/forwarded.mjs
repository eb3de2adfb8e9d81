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

const FIELDS = ["for", "proto", "host"];

/**
 * TRUST_PROXY_HEADERS: which forwarded fields the trusted proxies set themselves, as a list of
 * "for", "proto" and "host" (default "for"). A field a proxy only passes along is the client's
 * own word: believed, it lets a client claim HTTPS (HSTS, a Secure cookie) or a host of its
 * choosing (the cross-site check compares Origin with it). So only the fields named here stand.
 */
export function parseTrustedFields(value) {
  const v = String(value ?? "").trim();
  if (v === "") return new Set(["for"]);
  const fields = v
    .split(",")
    .map((x) => x.trim().toLowerCase())
    .filter(Boolean);
  for (const f of fields)
    if (!FIELDS.includes(f))
      throw new Error(`TRUST_PROXY_HEADERS: "${f}" is not one of ${FIELDS.join(", ")}`);
  return new Set(["for", ...fields]);
}

const last = (v) =>
  String(Array.isArray(v) ? v.join(",") : v)
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean)
    .pop();

/**
 * Leaves in `headers` only the forwarded fields to believe: none when the peer is not a trusted
 * proxy; otherwise those the proxies set (`fields`), each reduced to the value the nearest
 * proxy gave (the last of a list; a proxy that appends puts its own last). Forwarded (RFC 7239)
 * is never read, so it never stands.
 */
export function keepTrustedForwarded(headers, viaProxy, fields) {
  const keep = (name, field) => {
    const value = headers[name];
    if (value === undefined) return;
    if (!viaProxy || !fields.has(field)) delete headers[name];
    else if (field !== "for") {
      const v = last(value);
      if (v === undefined) delete headers[name];
      else headers[name] = v;
    }
  };
  keep("x-forwarded-for", "for");
  keep("x-forwarded-proto", "proto");
  keep("x-forwarded-host", "host");
  keep("x-forwarded-port", "host");
  delete headers["forwarded"];
}
