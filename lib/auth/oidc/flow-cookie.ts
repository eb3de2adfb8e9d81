import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { NextRequest, NextResponse } from "next/server";
import { cookieOptions } from "@/lib/auth/session";

/**
 * The browser's half of a sign-in in progress: a random id whose hash keys the flow in the
 * database (state, nonce, PKCE verifier stay on the server). HttpOnly; SameSite=Lax so the
 * provider's redirect back (a top-level GET from another site) carries it; Secure and
 * __Host- over HTTPS like the session cookie.
 */
const NAME = "lka_oidc_flow";
export const FLOW_MAX_AGE_SEC = 600;

const nameFor = (req: NextRequest) => (cookieOptions(req.headers).secure ? `__Host-${NAME}` : NAME);

export const hashFlowId = (id: string) => createHash("sha256").update(id).digest("base64url");

export function newFlowId(): string {
  return randomBytes(32).toString("base64url");
}

export function setFlowCookie(req: NextRequest, res: NextResponse, id: string) {
  res.cookies.set(nameFor(req), id, { ...cookieOptions(req.headers), maxAge: FLOW_MAX_AGE_SEC });
}

export function clearFlowCookie(req: NextRequest, res: NextResponse) {
  res.cookies.set(nameFor(req), "", { ...cookieOptions(req.headers), maxAge: 0 });
}

export function flowIdOf(req: NextRequest): string | undefined {
  const v = req.cookies.get(nameFor(req))?.value;
  return v && /^[A-Za-z0-9_-]{43}$/.test(v) ? v : undefined;
}
