import "server-only";
import { cookies } from "next/headers";
import { accessConfig } from "@/lib/auth/access";
import { roleIn, type Operator } from "@/lib/auth/access-config";
import type { Role } from "@/lib/auth/roles";
import { revokeSession, SESSION_TTL_SEC, signSession, verifySession } from "@/lib/auth/token";

export const SESSION_COOKIE = "lka_session";

export type Actor = {
  username: string;
  /** Role per project the operator may open, in the order projects are configured. */
  projects: { name: string; role: Role }[];
};

export function actorFor(op: Operator): Actor {
  const projects = accessConfig().projects.flatMap((p) => {
    const role = roleIn(op, p.name);
    return role ? [{ name: p.name, role }] : [];
  });
  return { username: op.username, projects };
}

/** The signed-in operator, or undefined. Roles come from the configuration on every request. */
export async function currentActor(): Promise<Actor | undefined> {
  const config = accessConfig();
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  const claims = await verifySession(token, config.sessionKey);
  const op = claims && config.operators.find((o) => o.username === claims.username);
  return op ? actorFor(op) : undefined;
}

export function roleOf(actor: Actor, project: string): Role | undefined {
  return actor.projects.find((p) => p.name === project)?.role;
}

/** Secure everywhere except plain-HTTP loopback, where browsers would drop a Secure cookie. */
export function cookieOptions(host: string | null) {
  const hostname = (host ?? "").replace(/:\d+$/, "").replace(/^\[|\]$/g, "");
  const loopback = hostname === "localhost" || hostname === "::1" || /^127\./.test(hostname);
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    secure: !loopback,
    path: "/",
    maxAge: SESSION_TTL_SEC,
  };
}

export async function newSessionToken(username: string): Promise<string> {
  return signSession(username, accessConfig().sessionKey);
}

/** Ends the session in this cookie for good, not just in this browser. */
export async function revokeCurrentSession(): Promise<string | undefined> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  const claims = await verifySession(token, accessConfig().sessionKey);
  if (claims) revokeSession(claims);
  return claims?.username;
}
