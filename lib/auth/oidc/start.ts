import "server-only";
import type { NextRequest } from "next/server";
import * as client from "openid-client";
import { accessConfig } from "@/lib/auth/access";
import { safeNext } from "@/lib/auth/safe-next";
import { signInKeys } from "@/lib/auth/throttle";
import { classifyOidcError } from "@/lib/auth/oidc/classify";
import { recordOidcFailure } from "@/lib/auth/oidc/audit";
import { hashFlowId, newFlowId, setFlowCookie } from "@/lib/auth/oidc/flow-cookie";
import { providerConfig } from "@/lib/auth/oidc/provider";
import { backToSignIn, seeOther } from "@/lib/auth/oidc/redirects";
import { database } from "@/lib/db";
import type { Database } from "@/lib/db/open";
import type { OidcSettings } from "@/lib/auth/access-config";
import { clientAddress, isCrossSite, originOf } from "@/lib/http/request";
import { log } from "@/lib/logger";

/** Sign-ins one address may have waiting at the provider at once (each lives 10 minutes). */
const FLOWS_PER_ADDRESS = 20;

/** Where the provider sends the browser back; register exactly this at the provider. */
export const CALLBACK_PATH = "/api/auth/oidc/callback";

/**
 * "Sign in with <provider>": keeps a new flow (state, nonce, PKCE verifier) in the database
 * under the hash of a cookie given to this browser, and sends the browser to the provider's
 * authorization endpoint. Refused like the password form: cross-site, served without the
 * console's server, or from an address the throttle holds.
 *
 * A GET (a link, not a form): the sign-in page's policy allows forms to post only to this
 * console (`form-action 'self'`), and browsers apply that to the redirect a post answers with.
 * A link from another site is still refused (Sec-Fetch-Site), and starting a flow grants
 * nothing: only the browser that started it can finish it, as whoever signs in at the provider.
 */
export async function startSignOn(req: NextRequest) {
  if (isCrossSite(req.headers)) return backToSignIn("forbidden");
  const next = safeNext(req.nextUrl.searchParams.get("next"));
  const oidc = accessConfig().oidc;
  if (!oidc) return backToSignIn("oidc_off", next);
  const address = clientAddress(req.headers);
  if (address === undefined) return backToSignIn("served_wrong", next);
  let db: Database;
  try {
    db = await database();
  } catch (e) {
    log("error", "sign-on refused: the database cannot be reached", { address }, e);
    return backToSignIn("audit_unavailable", next);
  }
  try {
    return await redirectToProvider(req, db, oidc, address, next);
  } catch (e) {
    log("error", "sign-on could not start", { address }, e);
    return backToSignIn("audit_unavailable", next);
  }
}

async function redirectToProvider(
  req: NextRequest,
  db: Database,
  oidc: OidcSettings,
  address: string,
  next: string | undefined,
) {
  const keys = [signInKeys("", address).address];
  const verdict = await db.throttle.reserve(keys);
  if (!verdict.allowed)
    return backToSignIn(verdict.reason === "locked" ? "throttled" : "busy", next);
  let config: client.Configuration;
  try {
    config = await providerConfig(oidc);
  } catch (e) {
    const classified = classifyOidcError(e, "discovery");
    log("error", "sign-on: the provider's discovery failed", { issuer: oidc.issuer }, e);
    await db.throttle.fail(keys).catch(() => undefined);
    await recordOidcFailure({ ...classified, provider: oidc.name, address });
    return backToSignIn(classified.code, next);
  }
  await db.throttle.release(keys);
  const flowId = newFlowId();
  const verifier = client.randomPKCECodeVerifier();
  const flow = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    verifier,
    redirectUri: `${originOf(req.headers)}${CALLBACK_PATH}`,
    next,
    address,
  };
  if (!(await db.oidc.startFlow(hashFlowId(flowId), flow, FLOWS_PER_ADDRESS)))
    return backToSignIn("oidc_too_many", next);
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: flow.redirectUri,
    scope: oidc.scopes.join(" "),
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state: flow.state,
    nonce: flow.nonce,
  });
  const res = seeOther(url.href);
  setFlowCookie(req, res, flowId);
  return res;
}
