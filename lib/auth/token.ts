import { randomUUID } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";

/** Session tokens: HS256 JWTs, 8 hours, bound to this console by issuer and audience. */
export const SESSION_TTL_SEC = 8 * 60 * 60;
const ISSUER = "livekit-admin";
const AUDIENCE = "livekit-admin-console";

export async function signSession(
  username: string,
  key: Uint8Array,
  nowSec = Math.floor(Date.now() / 1000),
): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(username)
    .setJti(randomUUID())
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(nowSec)
    .setExpirationTime(nowSec + SESSION_TTL_SEC)
    .sign(key);
}

export type SessionClaims = { username: string; id: string; expiresAtSec: number };

/** The claims of a valid token; undefined for a tampered, expired, foreign or revoked token. */
export async function verifySession(
  token: string | undefined,
  key: Uint8Array,
): Promise<SessionClaims | undefined> {
  if (!token) return undefined;
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    if (
      typeof payload.sub !== "string" ||
      typeof payload.jti !== "string" ||
      typeof payload.exp !== "number"
    )
      return undefined;
    if (revoked.has(payload.jti)) return undefined;
    return { username: payload.sub, id: payload.jti, expiresAtSec: payload.exp };
  } catch {
    return undefined;
  }
}

// Signed-out tokens, until they would have expired anyway. In memory: a restart forgets them,
// which the 8-hour lifetime bounds.
const revoked = new Map<string, number>();

export function revokeSession(claims: SessionClaims, nowSec = Math.floor(Date.now() / 1000)) {
  for (const [id, exp] of revoked) if (exp <= nowSec) revoked.delete(id);
  revoked.set(claims.id, claims.expiresAtSec);
}
