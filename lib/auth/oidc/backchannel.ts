import "server-only";
import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from "jose";
import type * as client from "openid-client";
import { accessConfig } from "@/lib/auth/access";
import type { OidcSettings } from "@/lib/auth/access-config";
import { PROVIDER_TIMEOUT_SEC, providerConfig } from "@/lib/auth/oidc/provider";
import { endProviderSession } from "@/lib/auth/oidc/end-session";
import {
  isKeyFetchFailure,
  jtiKeptUntilSec,
  LOGOUT_CLOCK_SKEW_SEC,
  logoutTokenAgeProblem,
} from "@/lib/auth/oidc/logout-token";
import { database } from "@/lib/db";
import type { Database } from "@/lib/db/open";
import { readLimited } from "@/lib/http/limited-body";
import { log } from "@/lib/logger";
import { processSingleton } from "@/lib/process-singleton";

const LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";
/** A logout token is a few hundred bytes; nothing longer is read. */
const MAX_BYTES = 16 * 1024;

/** How long a provider is asked to wait before it sends a logout again. */
const RETRY_AFTER_SEC = 30;

const answer = (status: number, error?: string) =>
  NextResponse.json(error ? { error } : {}, {
    status,
    headers: {
      "Cache-Control": "no-store",
      ...(status === 503 ? { "Retry-After": String(RETRY_AFTER_SEC) } : {}),
    },
  });

/**
 * The provider's discovery document or keys could not be fetched: the token was not judged,
 * so the answer is one the provider retries (a 400 it would not, and the sessions would stay).
 */
class ProviderUnreachable extends Error {}

/** The provider's keys, fetched when a token names a key not yet seen (jose caches them). */
const keySets = () =>
  processSingleton("oidc-jwks", () => new Map<string, ReturnType<typeof createRemoteJWKSet>>());

function keysAt(url: string): JWTVerifyGetKey {
  const sets = keySets();
  let set = sets.get(url);
  if (!set) {
    set = createRemoteJWKSet(new URL(url), { timeoutDuration: PROVIDER_TIMEOUT_SEC * 1000 });
    sets.set(url, set);
  }
  const remote = set;
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (e) {
      throw isKeyFetchFailure(e) ? new ProviderUnreachable("the provider's keys", { cause: e }) : e;
    }
  };
}

/** The logout token checked as OpenID Connect Back-Channel Logout 1.0 §2.6 says. */
async function verifyLogoutToken(token: string, oidc: OidcSettings): Promise<JWTPayload> {
  let meta: ReturnType<client.Configuration["serverMetadata"]>;
  try {
    meta = (await providerConfig(oidc)).serverMetadata();
  } catch (e) {
    throw new ProviderUnreachable("the provider's discovery", { cause: e });
  }
  if (!meta.jwks_uri)
    throw new ProviderUnreachable("the provider's keys (it publishes no jwks_uri)");
  const { payload } = await jwtVerify(token, keysAt(meta.jwks_uri), {
    issuer: meta.issuer,
    audience: oidc.clientId,
    requiredClaims: ["iat", "jti"],
    clockTolerance: LOGOUT_CLOCK_SKEW_SEC,
  });
  const events = payload.events as Record<string, unknown> | undefined;
  if (!events || typeof events[LOGOUT_EVENT] !== "object")
    throw new Error("not a back-channel logout token (no logout event)");
  if ("nonce" in payload) throw new Error("a logout token must not carry a nonce");
  if (typeof payload.sid !== "string" && typeof payload.sub !== "string")
    throw new Error("the logout token names neither a session (sid) nor a subject (sub)");
  if (typeof payload.jti !== "string" || payload.jti === "")
    throw new Error("the logout token's jti is not a string");
  // Tokens without an expiry of their own are bounded by their age.
  const tooOld = logoutTokenAgeProblem(payload.iat!, Math.floor(Date.now() / 1000));
  if (tooOld) throw new Error(tooOld);
  return payload;
}

/**
 * The provider tells the console that someone's session there ended: every console session
 * made from it (by its sid, or all of the subject's) is revoked in the database, so every
 * instance refuses it from the next request. Called by the provider, server to server.
 * 400 only for a token that is wrong (the provider must not send it again); 503 with
 * Retry-After when the provider or the database could not be reached (it should).
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
    if (e instanceof ProviderUnreachable) {
      log(
        "error",
        `back-channel logout not checked: ${e.message} failed`,
        { provider: oidc.name },
        e,
      );
      return answer(503, "temporarily_unavailable");
    }
    log("warn", "back-channel logout refused", { provider: oidc.name }, e);
    return answer(400, "invalid_request");
  }
  const jti = claims.jti!;
  let db: Database;
  let first: boolean;
  try {
    db = await database();
    first = await db.oidc.firstLogoutToken(oidc.issuer, jti, jtiKeptUntilSec(claims.iat!));
  } catch (e) {
    log("error", "back-channel logout: the database cannot be reached", { provider: oidc.name }, e);
    return answer(503, "temporarily_unavailable");
  }
  if (!first) {
    log("warn", "back-channel logout refused: its token was used already", { provider: oidc.name });
    return answer(400, "invalid_request");
  }
  const sid = typeof claims.sid === "string" ? claims.sid : undefined;
  const subject = typeof claims.sub === "string" ? claims.sub : undefined;
  if (await endProviderSession(oidc, { sid, subject }, "back-channel")) return answer(200);
  // The sessions still stand: the provider's retry of this same token must be honoured.
  await db.oidc.forgetLogoutToken(oidc.issuer, jti).catch(() => undefined);
  return answer(503, "temporarily_unavailable");
}
