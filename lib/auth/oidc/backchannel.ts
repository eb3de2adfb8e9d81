import "server-only";
import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";
import { accessConfig } from "@/lib/auth/access";
import type { OidcSettings } from "@/lib/auth/access-config";
import { PROVIDER_TIMEOUT_SEC, providerConfig } from "@/lib/auth/oidc/provider";
import { endProviderSession } from "@/lib/auth/oidc/end-session";
import { readLimited } from "@/lib/http/limited-body";
import { log } from "@/lib/logger";
import { processSingleton } from "@/lib/process-singleton";

const LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";
/** A logout token is a few hundred bytes; nothing longer is read. */
const MAX_BYTES = 16 * 1024;

const answer = (status: number, error?: string) =>
  NextResponse.json(error ? { error } : {}, {
    status,
    headers: { "Cache-Control": "no-store" },
  });

/** The provider's keys, fetched when a token names a key not yet seen (jose caches them). */
const keySets = () =>
  processSingleton("oidc-jwks", () => new Map<string, ReturnType<typeof createRemoteJWKSet>>());

function keysAt(url: string) {
  const sets = keySets();
  let set = sets.get(url);
  if (!set) {
    set = createRemoteJWKSet(new URL(url), { timeoutDuration: PROVIDER_TIMEOUT_SEC * 1000 });
    sets.set(url, set);
  }
  return set;
}

/** The logout token checked as OpenID Connect Back-Channel Logout 1.0 §2.6 says. */
async function verifyLogoutToken(token: string, oidc: OidcSettings): Promise<JWTPayload> {
  const meta = (await providerConfig(oidc)).serverMetadata();
  if (!meta.jwks_uri) throw new Error("the provider publishes no jwks_uri");
  const { payload } = await jwtVerify(token, keysAt(meta.jwks_uri), {
    issuer: meta.issuer,
    audience: oidc.clientId,
    requiredClaims: ["iat", "jti"],
  });
  const events = payload.events as Record<string, unknown> | undefined;
  if (!events || typeof events[LOGOUT_EVENT] !== "object")
    throw new Error("not a back-channel logout token (no logout event)");
  if ("nonce" in payload) throw new Error("a logout token must not carry a nonce");
  if (typeof payload.sid !== "string" && typeof payload.sub !== "string")
    throw new Error("the logout token names neither a session (sid) nor a subject (sub)");
  return payload;
}

/**
 * The provider tells the console that someone's session there ended: every console session
 * made from it (by its sid, or all of the subject's) is revoked in the database, so every
 * instance refuses it from the next request. Called by the provider, server to server.
 */
export async function backChannelLogout(req: NextRequest) {
  const oidc = accessConfig().oidc;
  if (!oidc) return answer(404, "not_configured");
  const body = await readLimited(req, MAX_BYTES);
  if (!body.ok) return answer(413, "invalid_request");
  const token = new URLSearchParams(body.text).get("logout_token");
  if (!token) return answer(400, "invalid_request");
  let claims: JWTPayload;
  try {
    claims = await verifyLogoutToken(token, oidc);
  } catch (e) {
    log("warn", "back-channel logout refused", { provider: oidc.name }, e);
    return answer(400, "invalid_request");
  }
  const sid = typeof claims.sid === "string" ? claims.sid : undefined;
  const subject = typeof claims.sub === "string" ? claims.sub : undefined;
  // The provider may retry a 503: the sessions still stand.
  return (await endProviderSession(oidc, { sid, subject }, "back-channel"))
    ? answer(200)
    : answer(503, "temporarily_unavailable");
}
