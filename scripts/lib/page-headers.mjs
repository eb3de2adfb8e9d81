// What every answer but a static file carries, set here before Next sees the request:
// - a Content-Security-Policy with a fresh nonce (Next puts the nonce on its own scripts, read
//   from the request's copy of the header; the app's layout reads it from x-nonce);
// - Strict-Transport-Security when the page came over HTTPS;
// - Accept-CH, asking for the window's height (the rooms page draws what it shows first);
// - the page asked for (path and query) in x-lka-path, so a sign-in can come back to it.
// This was Next's proxy (proxy.ts) and cost each page ~1.5 ms at the median and ~6 ms at p95
// on a 2-core VM (building a NextRequest and a response to merge, for three headers); the
// proxy now runs only for server actions, which it checks before Next parses them.
import { randomUUID } from "node:crypto";

// Static files, and the JSON routes and webhooks under /api/ (no page, no nonce to give).
const NOT_PAGES = /^\/(_next\/static\/|_next\/image|favicon\.ico|icon\.svg|api\/)/;

/** The policy for a page whose scripts carry `nonce`. */
export function contentSecurityPolicy(nonce, dev = process.env.NODE_ENV !== "production") {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Tailwind is a file; Radix and toasts set style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** The path and query as Next parses the request (dot segments resolved: /api/../x is /x). */
function askedUrl(url) {
  try {
    return new URL(`http://console${url}`);
  } catch {
    return new URL("http://console/");
  }
}

/**
 * Sets the request's nonce, policy and path (whatever the client sent in those headers is
 * replaced; on a static file or a JSON route they are removed, as nothing there may believe
 * them) and the answer's policy. `https`: the page came over HTTPS (the socket, or a
 * proxy the console trusts; untrusted forwarded headers are gone before this runs).
 */
export function setPageHeaders(req, res, https) {
  const asked = askedUrl(req.url ?? "/");
  // Decided on the path Next will route, not the raw one: "/api/../sign-in" is a page.
  if (NOT_PAGES.test(asked.pathname)) {
    delete req.headers["x-nonce"];
    delete req.headers["content-security-policy"];
    delete req.headers["x-lka-path"];
    return;
  }
  const nonce = Buffer.from(randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  req.headers["x-nonce"] = nonce;
  req.headers["content-security-policy"] = csp;
  // As Next's own parse of the request gives it (dot segments resolved, characters a browser
  // would have escaped escaped), so the room a page reads from it is the room Next routed.
  req.headers["x-lka-path"] = asked.pathname + asked.search;
  res.setHeader("Content-Security-Policy", csp);
  // Chromium browsers then send the window's height with their next requests here, and the
  // rooms page's first HTML carries the rows that window shows (firstPaintRows), not 40.
  // Sent only to secure origins (HTTPS, or localhost); elsewhere the page draws 40.
  res.setHeader("Accept-CH", "Sec-CH-Viewport-Height");
  if (https) res.setHeader("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
}
