import { NextResponse, type NextRequest } from "next/server";
import { cookieOptions, revokeCurrentSession, sessionCookieName } from "@/lib/auth/session";
import { isCrossSite } from "@/lib/http/request";
import { log } from "@/lib/logger";
import { tryRecord } from "@/lib/db/audit-record";

export const dynamic = "force-dynamic";

export async function POST(req: NextRequest) {
  // Another site (or another port of this host) must not sign a victim out.
  if (isCrossSite(req.headers)) {
    return NextResponse.json(
      { ok: false, error: { code: "forbidden", message: "Cross-site sign-out refused." } },
      { status: 403, headers: { "Cache-Control": "no-store" } },
    );
  }
  let username: string | undefined;
  let revoked = true;
  try {
    username = await revokeCurrentSession();
  } catch (e) {
    revoked = false;
    log("error", "sign-out could not revoke the token", { auditLost: true }, e);
  }
  if (username) await tryRecord({ actor: username, action: "auth.sign-out", outcome: "ok" });
  // A relative Location: right behind any proxy, and it names no internal listener.
  const res = new NextResponse(null, {
    status: 303,
    headers: { Location: `/sign-in?signed-out=${revoked ? "1" : "unrevoked"}` },
  });
  const opts = cookieOptions(req.headers);
  res.cookies.set(sessionCookieName(opts.secure), "", { ...opts, maxAge: 0 });
  return res;
}
