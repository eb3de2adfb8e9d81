// Used by route handlers, pages and the request proxy (proxy.ts). Reads one process secret
// (LKA_SERVER_PROOF) and never sends it anywhere.
import { timingSafeEqual } from "node:crypto";

/**
 * What the console's own server (scripts/server.mjs) tells the app about a request, in headers
 * it sets after dropping any a client sent: the client's address (the socket's, or what the
 * proxies named in TRUST_PROXY saw), the host and scheme people reached the console at (a
 * proxy's word only for the fields TRUST_PROXY_HEADERS names), and a proof, a random value made
 * at each start of that server and known only to this process. Served any other way (`next
 * start`, `next dev`, a platform's server) there is no proof, so nothing in these headers, nor
 * any X-Forwarded-* header, is believed: a client could have written them.
 */
export const CONSOLE_SERVER_HEADERS = {
  address: "x-lka-client-address",
  host: "x-lka-host",
  proto: "x-lka-proto",
  proof: "x-lka-proof",
} as const;

/** The process environment's name for the proof; set by scripts/server.mjs, never by hand. */
export const PROOF_ENV = "LKA_SERVER_PROOF";

type Get = Pick<Headers, "get">;

/** Whether the console's own server vouches for this request's facts. */
export function fromConsoleServer(h: Get): boolean {
  const expected = process.env[PROOF_ENV];
  const got = h.get(CONSOLE_SERVER_HEADERS.proof);
  if (!expected || !got) return false;
  const a = Buffer.from(got);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The client's address for throttling and the audit trail, or undefined when the console's
 * own server did not establish it (then sign-in and actions are refused: see SERVED_WRONG).
 */
export function clientAddress(h: Get): string | undefined {
  return fromConsoleServer(h) ? (h.get(CONSOLE_SERVER_HEADERS.address) ?? undefined) : undefined;
}

/**
 * The host and scheme the browser reached the console at: as the console's server decided, or
 * without it the Host header and plain HTTP (nothing forwarded is believed).
 */
export function siteOf(h: Get): { host: string; https: boolean } {
  if (fromConsoleServer(h))
    return {
      host: h.get(CONSOLE_SERVER_HEADERS.host) ?? h.get("host") ?? "",
      https: h.get(CONSOLE_SERVER_HEADERS.proto) === "https",
    };
  return { host: h.get("host") ?? "", https: false };
}

/** The origin people reach this console at ("https://console.example"), for absolute links. */
export function originOf(h: Get): string {
  const { host, https } = siteOf(h);
  return `${https ? "https" : "http"}://${host || "localhost:3000"}`;
}

/** What sign-in and actions answer when the console is served without its own server. */
export const SERVED_WRONG =
  "This console is being served without its own server, so it cannot tell who is calling. Start it with npm start (or node scripts/server.mjs, or npm run dev while developing), not next start.";

/**
 * Whether a state-changing request came from another site (or another port of this host).
 * Browsers send Sec-Fetch-Site and Origin on such requests; scripts without them are not
 * riding on a victim's cookies. The host compared with is the one the console's server
 * believed (a forwarded host only from a trusted proxy that sets it).
 */
export function isCrossSite(headers: Get): boolean {
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") return true;
  const origin = headers.get("origin");
  if (origin === null) return false;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return true; // "null" (sandboxed frames, privacy redirects) or garbage
  }
  return originHost !== siteOf(headers).host;
}
