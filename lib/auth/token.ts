import "server-only";
import { randomUUID } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";

/** Session tokens: HS256 JWTs, 8 hours, bound to this console by issuer and audience. */
export const SESSION_TTL_SEC = 8 * 60 * 60;
const ISSUER = "livekit-admin";
const AUDIENCE = "livekit-admin-console";

export async function signSession(
  username: string,
  key: Uint8Array,
  nowMs = Date.now(),
): Promise<string> {
  const nowSec = Math.floor(nowMs / 1000);
  // Milliseconds too: a removal and a re-adding in the same second must still tell tokens apart.
  return new SignJWT({ ims: nowMs })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(username)
    .setJti(randomUUID())
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(nowSec)
    .setExpirationTime(nowSec + SESSION_TTL_SEC)
    .sign(key);
}

export type SessionClaims = {
  username: string;
  id: string;
  issuedAtMs: number;
  expiresAtSec: number;
};

/**
 * The claims of a well-signed, unexpired token of this console; undefined for a tampered,
 * expired or foreign one. Whether it was signed out is the security store's question.
 */
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
      typeof payload.exp !== "number" ||
      typeof payload.iat !== "number"
    )
      return undefined;
    const issuedAtMs = typeof payload.ims === "number" ? payload.ims : payload.iat * 1000;
    return { username: payload.sub, id: payload.jti, issuedAtMs, expiresAtSec: payload.exp };
  } catch {
    return undefined;
  }
}
