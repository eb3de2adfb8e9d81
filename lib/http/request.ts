// No secrets here: also used by the request proxy (proxy.ts).

/**
 * Set by the console's server (scripts/server.mjs) from the socket, or from X-Forwarded-For
 * when the peer is a proxy that TRUST_PROXY names. A client cannot choose it.
 */
const CLIENT_HEADER = "x-lka-client-address";

export function clientAddress(headers: Pick<Headers, "get">): string {
  return headers.get(CLIENT_HEADER) ?? "unknown";
}

/**
 * Whether a state-changing request came from another site (or another port of this host).
 * Browsers send Sec-Fetch-Site and Origin on such requests; scripts without them are not
 * riding on a victim's cookies. The host compared with is the one the server believed (a
 * forwarded host only from a trusted proxy).
 */
export function isCrossSite(headers: Pick<Headers, "get">): boolean {
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
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  return originHost !== host;
}
