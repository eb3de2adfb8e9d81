import { NextResponse, type NextRequest } from "next/server";
import { ACTION_BODY_MAX_BYTES, checkActionBody } from "@/lib/http/action-body";
import { readLimited } from "@/lib/http/limited-body";
import { isCrossSite } from "@/lib/http/request";

/**
 * Runs before every request that Next could treat as a server action: malformed or cross-site
 * ones get a 4xx here, never a 5xx from deeper in. Next takes three forms (a script's post with
 * Next-Action, and the no-JavaScript multipart and url-encoded form posts); the console's pages
 * call their actions with scripts only, so the form posts are refused outright: no check of
 * the actions' own can be skipped by choosing an encoding. A page's Content-Security-Policy,
 * its nonce and the path it asked for are set by the console's server before Next sees the
 * request (scripts/lib/page-headers.mjs).
 */
export async function proxy(req: NextRequest) {
  if (req.method === "POST") {
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
  if (!req.headers.has("next-action"))
    return refuse(
      415,
      "form post",
      "The console's actions are called by its pages' scripts; form posts are not accepted.",
    );
  const body = await readLimited(req.clone(), ACTION_BODY_MAX_BYTES);
  if (!body.ok) return refuse(413, "body over 1 MiB", "Malformed request: body over 1 MiB.");
  const verdict = checkActionBody(req.headers.get("content-type"), body.text);
  if (!verdict.ok)
    return refuse(verdict.status, verdict.reason, `Malformed request: ${verdict.reason}.`);
  return undefined;
}

export const config = {
  // Only requests Next would run as a server action (its own test: a Next-Action header, or a
  // POST of a multipart or url-encoded form). LiveKit's webhooks, the health and readiness
  // checks and the JSON routes under /api/ are not actions.
  matcher: [
    {
      source: "/((?!_next/static|_next/image|favicon.ico|icon.svg|api/).*)",
      has: [{ type: "header", key: "next-action" }],
    },
    {
      source: "/((?!_next/static|_next/image|favicon.ico|icon.svg|api/).*)",
      has: [{ type: "header", key: "content-type", value: "multipart/form-data.*" }],
    },
    {
      source: "/((?!_next/static|_next/image|favicon.ico|icon.svg|api/).*)",
      has: [{ type: "header", key: "content-type", value: "application/x-www-form-urlencoded" }],
    },
  ],
};
