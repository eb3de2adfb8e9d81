import "server-only";
import { randomUUID } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";

/**
 * Session tokens: HS256 JWTs, 8 hours, bound to this console by issuer and to one deployment by
 * audience (sessionAudience: its database's identity). A token of another deployment that
 * happens to share the SESSION_SECRET names another audience and is refused.
 */
export const SESSION_TTL_SEC = 8 * 60 * 60;
const ISSUER = "livekit-admin";

/** The audience of this deployment's tokens. */
export const audienceOf = (deploymentId: string) => `livekit-admin:${deploymentId}`;

export async function signSession(
  username: string,
  key: Uint8Array,
  {
    audience,
    nowMs = Date.now(),
    jti = randomUUID(),
    oidc = false,
  }: {
    audience: string;
    nowMs?: number;
    /** Chosen by the caller when it records the session under its id (sign-on). */
    jti?: string;
    /** Signed in through the OpenID provider: roles come from the session's groups. */
    oidc?: boolean;
  },
): Promise<string> {
  const nowSec = Math.floor(nowMs / 1000);
  // Milliseconds too: a removal and a re-adding in the same second must still tell tokens apart.
  return new SignJWT(oidc ? { ims: nowMs, src: "oidc" } : { ims: nowMs })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(username)
    .setJti(jti)
    .setIssuer(ISSUER)
    .setAudience(audience)
    .setIssuedAt(nowSec)
    .setExpirationTime(nowSec + SESSION_TTL_SEC)
    .sign(key);
}

export type SessionClaims = {
  username: string;
  id: string;
  issuedAtMs: number;
  expiresAtSec: number;
  /** Signed in through the OpenID provider (its session row holds the groups). */
  oidc: boolean;
};

/**
 * The claims of a well-signed, unexpired token of this console; undefined for a tampered,
 * expired or foreign one. Whether it was signed out is the security store's question.
 */
export async function verifySession(
  token: string | undefined,
  key: Uint8Array,
  audience: string,
): Promise<SessionClaims | undefined> {
  if (!token) return undefined;
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience,
    });
    if (
      typeof payload.sub !== "string" ||
      typeof payload.jti !== "string" ||
      typeof payload.exp !== "number" ||
      typeof payload.iat !== "number"
    )
      return undefined;
    const issuedAtMs = typeof payload.ims === "number" ? payload.ims : payload.iat * 1000;
    return {
      username: payload.sub,
      id: payload.jti,
      issuedAtMs,
      expiresAtSec: payload.exp,
      oidc: payload.src === "oidc",
    };
  } catch {
    return undefined;
  }
}
