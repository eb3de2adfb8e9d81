import { NextResponse, type NextRequest } from "next/server";
import { ACTION_BODY_MAX_BYTES, checkActionBody } from "@/lib/http/action-body";
import { readLimited } from "@/lib/http/limited-body";
import { newNonce, pageHeaders } from "@/lib/http/page-headers";
import { fromConsoleServer, isCrossSite, SERVED_WRONG, siteOf } from "@/lib/http/request";
import { watchConnectSources } from "@/lib/watch/connect-sources";

/**
 * Runs before every page and every server action, under whatever server serves the build
 * (`npm start`, `next start`, `next dev`): a page's security headers are set here, and a server
 * action that is malformed, cross-site or sent in a form the console does not use gets a 4xx
 * before Next parses it, never a 5xx from deeper in.
 */
export async function proxy(req: NextRequest) {
  if (req.method === "POST" && isPossibleAction(req.headers)) {
    const refusal = await refuseAction(req);
    if (refusal) return refusal;
  }
  const { request, response } = pageHeaders(
    req.nextUrl,
    siteOf(req.headers).https,
    newNonce(),
    watchConnectSources(req.nextUrl.pathname),
  );
  const headers = new Headers(req.headers);
  for (const [k, v] of Object.entries(request)) headers.set(k, v);
  const res = NextResponse.next({ request: { headers } });
  for (const [k, v] of Object.entries(response)) res.headers.set(k, v);
  return res;
}

/**
 * Next's own test of a server action: a script's post (Next-Action), or a no-JavaScript form
 * post (multipart or url-encoded), which Next also runs as one.
 */
function isPossibleAction(h: Headers): boolean {
  const type = h.get("content-type") ?? "";
  return (
    h.has("next-action") ||
    type.startsWith("multipart/form-data") ||
    type === "application/x-www-form-urlencoded"
  );
}

async function refuseAction(req: NextRequest): Promise<NextResponse | undefined> {
  const refuse = (status: number, reason: string, message: string, code = "invalid_input") => {
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
      { ok: false, error: { code, message } },
      { status, headers: { "Cache-Control": "no-store" } },
    );
  };
  if (isCrossSite(req.headers))
    return refuse(403, "cross-site", "Cross-site requests to the console's actions are refused.");
  // The console's pages call their actions from scripts only: no check of an action's own can
  // be skipped by choosing another encoding.
  if (!req.headers.has("next-action"))
    return refuse(
      415,
      "form post",
      "The console's actions are called by its pages' scripts; form posts are not accepted.",
    );
  // Without its own server the console cannot tell who calls: it says so, and how to fix it.
  if (!fromConsoleServer(req.headers))
    return refuse(503, "served without its server", SERVED_WRONG, "config");
  const body = await readLimited(req.clone(), ACTION_BODY_MAX_BYTES);
  if (!body.ok) return refuse(413, "body over 1 MiB", "Malformed request: body over 1 MiB.");
  const verdict = checkActionBody(req.headers.get("content-type"), body.text);
  if (!verdict.ok)
    return refuse(verdict.status, verdict.reason, `Malformed request: ${verdict.reason}.`);
  return undefined;
}

export const config = {
  // Pages and the actions posted to them. Static files, LiveKit's webhooks, the health and
  // readiness checks and the JSON routes under /api/ need none of it.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|api/).*)"],
};
