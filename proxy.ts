import { NextResponse, type NextRequest } from "next/server";
import { checkActionBody } from "@/lib/http/action-body";
import { isCrossSite } from "@/lib/http/request";

/**
 * Runs before every page, route and server action:
 * - malformed or cross-site server-action requests get a 4xx here, never a 5xx from deeper in;
 * - pages get a Content-Security-Policy with a fresh nonce (Next puts it on its own scripts);
 * - the page asked for travels in a header, so a sign-in can come back to it (path and query).
 */
export async function proxy(req: NextRequest) {
  if (req.method === "POST" && req.headers.has("next-action")) {
    const refusal = await refuseAction(req);
    if (refusal) return refusal;
  }
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce);
  const headers = new Headers(req.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  headers.set("x-lka-path", req.nextUrl.pathname + req.nextUrl.search);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set("Content-Security-Policy", csp);
  if ((req.headers.get("x-forwarded-proto") ?? req.nextUrl.protocol.replace(":", "")) === "https")
    res.headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  return res;
}

function contentSecurityPolicy(nonce: string): string {
  const dev = process.env.NODE_ENV !== "production";
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

async function refuseAction(req: NextRequest): Promise<NextResponse | undefined> {
  const refuse = (status: number, reason: string, message: string) => {
    console.warn(
      JSON.stringify({
        time: new Date().toISOString(),
        level: "warn",
        msg: "server action request refused",
        reason,
        path: req.nextUrl.pathname,
      }),
    );
    return NextResponse.json(
      { ok: false, error: { code: "invalid_input", message } },
      { status, headers: { "Cache-Control": "no-store" } },
    );
  };
  if (isCrossSite(req.headers))
    return refuse(403, "cross-site", "Cross-site requests to the console's actions are refused.");
  const verdict = checkActionBody(req.headers.get("content-type"), await req.clone().text());
  if (!verdict.ok)
    return refuse(verdict.status, verdict.reason, `Malformed request: ${verdict.reason}.`);
  return undefined;
}

export const config = {
  // LiveKit's webhooks and the health and readiness checks are neither pages nor actions: skipped.
  // So are the JSON routes under /api/p/ (GET only, no server actions; each checks its caller
  // itself): a page's nonce and path mean nothing to them, and the proxy cost every search
  // keystroke and poll ~1.5 ms at the median and ~6 ms at p95 on a 2-core VM.
  matcher: [
    "/((?!_next/static|_next/image|favicon.ico|icon.svg|api/webhooks/|api/p/|api/health$|api/ready$).*)",
  ],
};
