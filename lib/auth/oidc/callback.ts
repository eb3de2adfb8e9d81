import "server-only";
import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import * as client from "openid-client";
import { accessConfig } from "@/lib/auth/access";
import type { AccessConfig, OidcSettings } from "@/lib/auth/access-config";
import { landingPathOf } from "@/lib/auth/landing";
import { cookieOptions, newSessionToken, oidcActor, sessionCookieName } from "@/lib/auth/session";
import { signInKeys } from "@/lib/auth/throttle";
import { SESSION_TTL_SEC } from "@/lib/auth/token";
import { recordOidcFailure } from "@/lib/auth/oidc/audit";
import { classifyOidcError, type Classified } from "@/lib/auth/oidc/classify";
import { clearFlowCookie, flowIdOf, hashFlowId } from "@/lib/auth/oidc/flow-cookie";
import { identityOf, type Identity } from "@/lib/auth/oidc/identity";
import { keepProviderKeys, providerConfig } from "@/lib/auth/oidc/provider";
import { backToSignIn, seeOther } from "@/lib/auth/oidc/redirects";
import { database } from "@/lib/db";
import { tryRecord } from "@/lib/db/audit-record";
import type { Database } from "@/lib/db/open";
import type { OidcFlow } from "@/lib/db/oidc-store";
import { clientAddress } from "@/lib/http/request";
import { log } from "@/lib/logger";

/** Groups named in a sign-in's audit row (all of them still count for roles). */
const AUDITED_GROUPS = 50;

/** A sign-on that did not end in a session, with what to tell the person. */
class Refused extends Error {
  constructor(
    readonly classified: Classified,
    readonly who: { subject?: string; username?: string } = {},
  ) {
    super(classified.code);
  }
}

/**
 * The provider's redirect back: checks the answer against the flow this browser started (state;
 * then, through openid-client, the code redeemed with the PKCE verifier and the ID token's
 * signature, issuer, audience, expiry and nonce), maps the person's groups to roles and starts a
 * session. Every refusal is audited and leaves no session.
 */
export async function finishSignOn(req: NextRequest) {
  const config = accessConfig();
  const oidc = config.oidc;
  if (!oidc) return backToSignIn("oidc_off");
  const address = clientAddress(req.headers);
  if (address === undefined) return backToSignIn("served_wrong");
  let db: Database;
  try {
    db = await database();
  } catch (e) {
    log("error", "sign-on refused: the database cannot be reached", { address }, e);
    return backToSignIn("audit_unavailable");
  }
  const keys = [signInKeys("", address).address];
  const verdict = await db.throttle.reserve(keys).catch(() => undefined);
  if (!verdict) return backToSignIn("audit_unavailable");
  if (!verdict.allowed) return backToSignIn(verdict.reason === "locked" ? "throttled" : "busy");
  let next: string | undefined;
  try {
    if (verdict.delayMs > 0) await new Promise((r) => setTimeout(r, verdict.delayMs));
    const id = flowIdOf(req);
    const flow = id ? await db.oidc.takeFlow(hashFlowId(id)) : undefined;
    // Not started here, expired, or already used (a replayed callback).
    if (!flow) throw new Refused({ code: "oidc_expired" });
    next = flow.next;
    const identity = await redeem(req, flow, oidc);
    if (config.operators.some((o) => o.username === identity.username))
      throw new Refused({ code: "oidc_name_taken" }, identity);
    if (!(await db.oidc.claimUsername(identity.username, oidc.issuer, identity.subject)))
      throw new Refused({ code: "oidc_name_bound" }, identity);
    const res = await startSession(req, db, config, oidc, identity, address, flow);
    await db.throttle.succeed(keys);
    return res;
  } catch (e) {
    if (!(e instanceof Refused)) {
      log("error", "sign-on error", { address }, e);
      await db.throttle.release(keys).catch(() => undefined);
      return finish(req, backToSignIn("audit_unavailable", next));
    }
    await db.throttle.fail(keys).catch(() => undefined);
    await recordOidcFailure({ ...e.classified, ...e.who, provider: oidc.name, address });
    return finish(req, backToSignIn(e.classified.code, next));
  }
}

const finish = (req: NextRequest, res: ReturnType<typeof seeOther>) => {
  clearFlowCookie(req, res);
  return res;
};

/** The code redeemed and the ID token checked, by openid-client; the person it names. */
async function redeem(req: NextRequest, flow: OidcFlow, oidc: OidcSettings): Promise<Identity> {
  let config: client.Configuration;
  try {
    config = await providerConfig(oidc);
  } catch (e) {
    log("error", "sign-on: the provider's discovery failed", { issuer: oidc.issuer }, e);
    throw new Refused(classifyOidcError(e, "discovery"));
  }
  // The URL the provider redirected to, as registered: openid-client sends it again with the code.
  const current = new URL(flow.redirectUri);
  current.search = req.nextUrl.search;
  try {
    const tokens = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    keepProviderKeys(oidc, config);
    return await identityOf(config, oidc, tokens);
  } catch (e) {
    keepProviderKeys(oidc, config);
    const classified = classifyOidcError(e, "callback");
    log("warn", "sign-on: the provider's answer was refused", { reason: classified.code }, e);
    throw new Refused(classified);
  }
}

async function startSession(
  req: NextRequest,
  db: Database,
  config: AccessConfig,
  oidc: OidcSettings,
  who: Identity,
  address: string,
  flow: OidcFlow,
) {
  const jti = randomUUID();
  await db.oidc.saveSession({
    jti,
    username: who.username,
    issuer: oidc.issuer,
    subject: who.subject,
    providerSid: who.sid,
    groups: who.groups,
    expiresAtSec: Math.floor(Date.now() / 1000) + SESSION_TTL_SEC,
  });
  const actor = oidcActor(who.username, who.groups, config);
  // Sessions are audited: no record, no session (the row above is never honoured without it).
  const recorded = await tryRecord({
    actor: who.username,
    action: "auth.sign-in",
    target: address,
    params: {
      provider: oidc.name,
      subject: who.subject,
      ...(who.name ? { name: who.name } : {}),
      ...(who.email ? { email: who.email } : {}),
      // Enough to read; a tenant's hundreds of group ids would swamp the row.
      groups: who.groups.slice(0, AUDITED_GROUPS),
      ...(who.groups.length > AUDITED_GROUPS ? { groupCount: who.groups.length } : {}),
      roles: Object.fromEntries(actor.projects.map((p) => [p.name, p.role])),
    },
    outcome: "ok",
  });
  if (!recorded) {
    await db.security.revoke(jti, Math.floor(Date.now() / 1000) + SESSION_TTL_SEC);
    throw new Error("the sign-in could not be audited");
  }
  log("info", "sign-in", { username: who.username, provider: oidc.name });
  const res = seeOther(flow.next ?? landingPathOf(actor));
  const opts = cookieOptions(req.headers);
  res.cookies.set(
    sessionCookieName(opts.secure),
    await newSessionToken(who.username, { jti, oidc: true }),
    opts,
  );
  clearFlowCookie(req, res);
  return res;
}
