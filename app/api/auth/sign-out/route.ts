import { NextResponse, type NextRequest } from "next/server";
import { cookieOptions, revokeCurrentSession, SESSION_COOKIE } from "@/lib/auth/session";
import { auditStore } from "@/lib/audit";
import { log } from "@/lib/logger";

export const dynamic = "force-dynamic";

export async function POST(req: NextRequest) {
  const username = await revokeCurrentSession();
  if (username) {
    try {
      await (
        await auditStore()
      ).store.record({ actor: username, action: "auth.sign-out", outcome: "ok" });
    } catch (e) {
      // Signing out must always work; the session is revoked either way.
      log("error", "audit write failed", { action: "auth.sign-out" }, e);
    }
  }
  const res = NextResponse.redirect(new URL("/sign-in?signed-out=1", req.url), 303);
  res.cookies.set(SESSION_COOKIE, "", { ...cookieOptions(req.headers.get("host")), maxAge: 0 });
  return res;
}
