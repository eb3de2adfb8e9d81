import "server-only";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { accessConfig } from "@/lib/auth/access";
import { roleIn, type AccessConfig, type Operator } from "@/lib/auth/access-config";
import type { Role } from "@/lib/auth/roles";
import { audienceOf, SESSION_TTL_SEC, signSession, verifySession } from "@/lib/auth/token";
import { database } from "@/lib/db";
import { siteOf } from "@/lib/http/request";
import { rolesFromGroups } from "@/lib/auth/oidc/roles";

const COOKIE = "lka_session";

/**
 * Over HTTPS the cookie carries the __Host- prefix: the browser then keeps it to this exact
 * host, Secure, path /, so no sibling subdomain can plant one. Plain-HTTP loopback cannot use it.
 */
export const sessionCookieName = (secure: boolean) => (secure ? `__Host-${COOKIE}` : COOKIE);

/** The session token this request carries, under the name its transport allows. */
async function requestToken(): Promise<string | undefined> {
  const { secure } = cookieOptions(await headers());
  return (await cookies()).get(sessionCookieName(secure))?.value;
}

export type Actor = {
  username: string;
  /** Role per project the operator may open, in the order projects are configured. */
  projects: { name: string; role: Role }[];
  /** Signed in through the OpenID provider: the groups it named at sign-in. */
  oidc?: { groups: string[] };
};

export function actorFor(op: Operator): Actor {
  const projects = accessConfig().projects.flatMap((p) => {
    const role = roleIn(op, p.name);
    return role ? [{ name: p.name, role }] : [];
  });
  return { username: op.username, projects };
}

/**
 * Someone signed in through the provider: roles from the groups it named at sign-in, mapped by
 * the configuration as it is now (a mapping changed in the file applies at once).
 */
export function oidcActor(username: string, groups: string[], config = accessConfig()): Actor {
  const names = config.projects.map((p) => p.name);
  const roles = config.oidc ? rolesFromGroups(config.oidc.roles, groups, names) : {};
  const projects = names.flatMap((name) => {
    const role = roles[name];
    return role ? [{ name, role }] : [];
  });
  return { username, projects, oidc: { groups } };
}

/** Thrown when the database that holds sign-outs cannot be read: sessions are not trusted then. */
export class SessionStoreUnavailable extends Error {
  constructor(cause: unknown) {
    super("the session store cannot be read", { cause });
  }
}

// Configurations already told to the database. A cache only: telling it twice is harmless.
const synced = new WeakSet<AccessConfig>();

/** Marks operators who left the configuration as removed (once per configuration read). */
export async function syncOperators(config: AccessConfig = accessConfig()): Promise<void> {
  if (synced.has(config)) return;
  const { security } = await database();
  await security.syncOperators(config.operators.map((o) => o.username));
  synced.add(config);
}

/**
 * The signed-in operator, or undefined. Roles come from the configuration on every request;
 * sign-outs and removals from the database, so every bundle and instance agrees. When the
 * database cannot be read this throws SessionStoreUnavailable: a session is never assumed valid.
 *
 * Asked once per page render: a page's layout and its data read ask at the same moment and
 * share that one answer. React's `cache` keeps it in the render's own request object, so it is
 * never seen by another request; outside a render (route handlers) every call asks.
 */
export const currentActor = cache(async function currentActor(): Promise<Actor | undefined> {
  const config = accessConfig();
  const token = await requestToken();
  if (!token) return undefined;
  let audience: string;
  try {
    audience = await sessionAudience();
  } catch (e) {
    throw new SessionStoreUnavailable(e);
  }
  const claims = await verifySession(token, config.sessionKey, audience);
  if (!claims) return undefined;
  // The provider's sessions end when sign-on is removed from the configuration.
  if (claims.oidc) return config.oidc ? oidcSessionActor(claims.id, config) : undefined;
  const op = config.operators.find((o) => o.username === claims.username);
  try {
    // Before looking at the operator: a removal is recorded the first time it is seen.
    await syncOperators(config);
    if (!op) return undefined;
    const { security } = await database();
    const stands = await security.sessionStands(claims.id, claims.username, claims.issuedAtMs);
    return stands ? actorFor(op) : undefined;
  } catch (e) {
    throw new SessionStoreUnavailable(e);
  }
});

async function oidcSessionActor(jti: string, config: AccessConfig): Promise<Actor | undefined> {
  try {
    const row = await (await database()).oidc.session(jti);
    return row ? oidcActor(row.username, row.groups, config) : undefined;
  } catch (e) {
    throw new SessionStoreUnavailable(e);
  }
}

/**
 * The role someone has in a project under the configuration as it is now: a local operator's
 * from the file; someone signed in through the provider from `groups` (their session's).
 */
export function currentRoleOf(
  username: string,
  project: string,
  groups?: string[],
): Role | undefined {
  const config = accessConfig();
  if (!config.projects.some((p) => p.name === project)) return undefined;
  const op = config.operators.find((o) => o.username === username);
  if (op) return roleIn(op, project);
  return groups ? roleOf(oidcActor(username, groups, config), project) : undefined;
}

export function roleOf(actor: Actor, project: string): Role | undefined {
  return actor.projects.find((p) => p.name === project)?.role;
}

/** Secure everywhere except plain-HTTP loopback, where browsers would drop a Secure cookie. */
export function cookieOptions(h: Pick<Headers, "get">) {
  const { host } = siteOf(h);
  const hostname = host.replace(/:\d+$/, "").replace(/^\[|\]$/g, "");
  const loopback = hostname === "localhost" || hostname === "::1" || /^127\./.test(hostname);
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    secure: !loopback,
    path: "/",
    maxAge: SESSION_TTL_SEC,
  };
}

/** The audience of this deployment's session tokens (its database's identity). */
export async function sessionAudience(): Promise<string> {
  return audienceOf((await database()).deploymentId);
}

export async function newSessionToken(
  username: string,
  opts: { jti?: string; oidc?: boolean } = {},
): Promise<string> {
  return signSession(username, accessConfig().sessionKey, {
    audience: await sessionAudience(),
    ...opts,
  });
}

/** Ends the session in this cookie for good, not just in this browser. */
export async function revokeCurrentSession(): Promise<string | undefined> {
  const token = await requestToken();
  if (!token) return undefined;
  const claims = await verifySession(token, accessConfig().sessionKey, await sessionAudience());
  if (claims) await (await database()).security.revoke(claims.id, claims.expiresAtSec);
  return claims?.username;
}
