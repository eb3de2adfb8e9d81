import { NextResponse, type NextRequest } from "next/server";
import { cookieOptions, revokeCurrentSession, SESSION_COOKIE } from "@/lib/auth/session";
import { tryRecord } from "@/lib/audit";

export const dynamic = "force-dynamic";

export async function POST(req: NextRequest) {
  const username = await revokeCurrentSession();
  // Signing out must always work; the session is revoked whether or not this is recorded.
  if (username) await tryRecord({ actor: username, action: "auth.sign-out", outcome: "ok" });
  const res = NextResponse.redirect(new URL("/sign-in?signed-out=1", req.url), 303);
  res.cookies.set(SESSION_COOKIE, "", { ...cookieOptions(req.headers.get("host")), maxAge: 0 });
  return res;
}
