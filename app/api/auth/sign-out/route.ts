import { NextResponse, type NextRequest } from "next/server";
import { cookieOptions, revokeCurrentSession, SESSION_COOKIE } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

export async function POST(req: NextRequest) {
  await revokeCurrentSession();
  const res = NextResponse.redirect(new URL("/sign-in?signed-out=1", req.url), 303);
  res.cookies.set(SESSION_COOKIE, "", { ...cookieOptions(req.headers.get("host")), maxAge: 0 });
  return res;
}
