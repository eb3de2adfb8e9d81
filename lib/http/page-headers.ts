// No secrets here: used by the request proxy (proxy.ts) for every page.

/** The policy for a page whose scripts carry `nonce`. */
export function contentSecurityPolicy(
  nonce: string,
  dev = process.env.NODE_ENV !== "production",
  /** More origins scripts may connect to (a room page's LiveKit, for Watch). */
  connect: readonly string[] = [],
) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Tailwind is a file; Radix and toasts set style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    // Next's development server reloads the page over a WebSocket of its own origin.
    `connect-src 'self'${dev ? " ws: wss:" : ""}${connect.map((c) => ` ${c}`).join("")}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** A fresh nonce: 128 random bits, base64. */
export const newNonce = () =>
  Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");

/**
 * What a page's request and answer carry, whatever a client sent in the same headers:
 * - the request: the nonce (x-nonce: the root layout puts it on its inline script; Next reads
 *   it from the request's copy of the policy for its own scripts), the policy, and the page
 *   asked for (x-lka-path: path and query as Next parsed them, dot segments resolved and
 *   characters escaped once, so a room's page reads the room Next routed and a sign-in can come
 *   back to it);
 * - the answer: the policy; Accept-CH, so Chromium sends its window's height with its next
 *   requests and the rooms page's first HTML carries the rows that window shows (sent only to
 *   secure origins: HTTPS or localhost); HSTS when the page came over HTTPS.
 */
export function pageHeaders(
  url: URL,
  https: boolean,
  nonce: string,
  connect: readonly string[] = [],
) {
  const csp = contentSecurityPolicy(nonce, undefined, connect);
  const request: Record<string, string> = {
    "x-nonce": nonce,
    "content-security-policy": csp,
    "x-lka-path": url.pathname + url.search,
  };
  const response: Record<string, string> = {
    "Content-Security-Policy": csp,
    "Accept-CH": "Sec-CH-Viewport-Height",
  };
  if (https) response["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains";
  return { request, response };
}
