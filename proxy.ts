import { NextResponse, type NextRequest } from "next/server";
import { checkActionBody } from "@/lib/http/action-body";
import { isCrossSite } from "@/lib/http/request";

/**
 * Runs before every server action: malformed or cross-site server-action requests get a 4xx
 * here, never a 5xx from deeper in. A page's Content-Security-Policy, its nonce and the path
 * it asked for are set by the console's server before Next sees the request
 * (scripts/lib/page-headers.mjs): done here, they cost every page ~1.5 ms at the median.
 */
export async function proxy(req: NextRequest) {
  if (req.method === "POST" && req.headers.has("next-action")) {
    const refusal = await refuseAction(req);
    if (refusal) return refusal;
  }
  return NextResponse.next();
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
  // Only requests that call a server action (they carry Next-Action). LiveKit's webhooks, the
  // health and readiness checks and the JSON routes under /api/p/ are not actions.
  matcher: [
    {
      source: "/((?!_next/static|_next/image|favicon.ico|icon.svg|api/).*)",
      has: [{ type: "header", key: "next-action" }],
    },
  ],
};
