import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import { readFileSync, utimesSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import * as client from "openid-client";
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT } from "jose";
import { GET as startRoute } from "@/app/api/auth/oidc/start/route";
import { GET as callbackRoute } from "@/app/api/auth/oidc/callback/route";
import { POST as signIn } from "@/app/api/auth/sign-in/route";
import { POST as backChannelRoute } from "@/app/api/auth/oidc/backchannel-logout/route";
import { GET as frontChannelRoute } from "@/app/api/auth/oidc/frontchannel-logout/route";
import { createRoom } from "@/app/p/[project]/rooms/actions";
import { currentActor, currentRoleOf } from "@/lib/auth/session";
import { providerConfig, forgetProviderConfig } from "@/lib/auth/oidc/provider";
import { accessConfig } from "@/lib/auth/access";
import { database } from "@/lib/db";
import { processSingleton } from "@/lib/process-singleton";
import { writeAccessFile, PASSWORD } from "../support/access-fixture";
import { setSessionToken } from "../support/session-cookie";
import { viaConsoleServer } from "../support/console-server";
import { PORTS } from "../support/ports";
import { uniqueRoom } from "../support/sdk";
import {
  Jar,
  logoutAtProvider,
  loginAtProvider,
  PROVIDER_USERS,
  startOidcProvider,
  type TestProvider,
} from "../support/oidc";
import { startTamperProxy, type TamperProxy } from "../support/oidc-tamper-proxy";

/**
 * Sign-on against a real OpenID provider (npm oidc-provider) on loopback, driven over HTTP as a
 * browser would: the console's start and callback routes in-process, the provider's own login
 * form. Every answer goes through a loopback proxy that can play an attacker rewriting the token
 * response; the provider itself is never mocked.
 */
const HOST = "127.0.0.1:3000";
const CALLBACK = `http://${HOST}/api/auth/oidc/callback`;
const SECRET = "oidc-client-secret-5f2c9a7e1b3d8046";
const OTHER_SECRET = "oidc-other-client-secret-a81c3e5f7d9b";
const ISSUER = `http://127.0.0.1:${PORTS.integrationOidcProxy}`;
const ROLES = {
  "lk-admins": { "*": "admin" },
  "lk-operators": { main: "operator", second: "viewer" },
  "lk-viewers": { "*": "viewer" },
  "second-ops": { second: "operator" },
};
const clients = [
  {
    client_id: "livekit-admin",
    client_secret: SECRET,
    redirect_uris: [CALLBACK],
    backchannel_logout_uri: `http://127.0.0.1:${PORTS.integrationOidcRelay}/api/auth/oidc/backchannel-logout`,
    backchannel_logout_session_required: true,
  },
  // Another application at the same provider: its ID tokens are not for the console.
  { client_id: "other-app", client_secret: OTHER_SECRET, redirect_uris: ["http://127.0.0.1:9/cb"] },
];

let provider: TestProvider;
let relay: Server;
let proxy: TamperProxy;
let file = "";
const logged: string[] = [];
/** What the provider posted to the back-channel route, and what it was answered. */
const relayed: { body: string; status: number; retryAfter: string | null }[] = [];

function writeConfig(oidc: Record<string, unknown> = {}, extraOperators: unknown[] = []) {
  const base = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  const operators = (base.operators as { username: string }[]).filter(
    (o) => !o.username.includes("@"),
  );
  base.operators = [...operators, ...extraOperators];
  base.oidc = {
    name: "Test IdP",
    issuer: ISSUER,
    clientId: "livekit-admin",
    clientSecretEnv: "OIDC_TEST_SECRET",
    scopes: ["openid", "profile", "email", "groups"],
    groupsClaim: "groups",
    roles: ROLES,
    ...oidc,
  };
  writeFileSync(file, JSON.stringify(base));
  // The file's time is the cache's key: a rewrite in the same millisecond must still be seen.
  forgetProviderConfig();
  const t = new Date(Date.now() + Math.random() * 1000);
  utimesSync(file, t, t);
}

const startProvider = (extra: Partial<Parameters<typeof startOidcProvider>[0]> = {}) =>
  startOidcProvider({
    port: PORTS.integrationOidc,
    issuer: ISSUER,
    clients,
    ...extra,
  });

/** The provider again, as another run of it would be (other users, another clock). */
async function restartProvider(extra: Partial<Parameters<typeof startOidcProvider>[0]> = {}) {
  await provider.stop();
  provider = await startProvider(extra);
  forgetProviderConfig();
}

beforeAll(async () => {
  for (const level of ["log", "warn", "error"] as const) {
    const original = console[level].bind(console);
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(" "));
      original(...args);
    });
  }
  const url = `ws://127.0.0.1:${PORTS.integration}`;
  file = await writeAccessFile({ main: url, second: url }, "devkey");
  process.env.LIVEKIT_ADMIN_CONFIG = file;
  process.env.MAIN_LIVEKIT_SECRET = "secret";
  process.env.SECOND_LIVEKIT_SECRET = "secret";
  process.env.OIDC_TEST_SECRET = SECRET;
  writeConfig();
  proxy = await startTamperProxy(PORTS.integrationOidcProxy, PORTS.integrationOidc);
  provider = await startProvider();
  // The back-channel route over real HTTP, as the provider calls it.
  relay = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      void backChannelRoute(
        new NextRequest(`http://127.0.0.1${req.url}`, {
          method: "POST",
          headers: req.headers as Record<string, string>,
          body,
        }),
      ).then(async (r) => {
        relayed.push({
          body: body.toString(),
          status: r.status,
          retryAfter: r.headers.get("retry-after"),
        });
        const retryAfter = r.headers.get("retry-after");
        res.writeHead(r.status, {
          "content-type": "application/json",
          ...(retryAfter ? { "retry-after": retryAfter } : {}),
        });
        res.end(await r.text());
      });
    });
  });
  await new Promise<void>((r) => relay.listen(PORTS.integrationOidcRelay, "127.0.0.1", r));
});

afterAll(async () => {
  await provider?.stop();
  await proxy?.close();
  await new Promise((r) => relay?.close(r));
  delete process.env.LIVEKIT_ADMIN_CONFIG;
  delete process.env.OIDC_TEST_SECRET;
  vi.restoreAllMocks();
});

const cookieOf = (res: Response, name: string) =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${name}=`))
    ?.split(";")[0]
    ?.slice(name.length + 1);

async function start(address: string, next?: string) {
  const query = next ? `?${new URLSearchParams({ next })}` : "";
  const res = await startRoute(
    new NextRequest(`http://${HOST}/api/auth/oidc/start${query}`, {
      headers: { host: HOST, "sec-fetch-site": "same-origin", ...viaConsoleServer(address) },
    }),
  );
  expect(res.status).toBe(303);
  return {
    res,
    location: res.headers.get("location") ?? "",
    flow: cookieOf(res, "lka_oidc_flow"),
  };
}

const callback = (url: string, address: string, flow?: string) =>
  callbackRoute(
    new NextRequest(url, {
      headers: {
        host: HOST,
        ...(flow ? { cookie: `lka_oidc_flow=${flow}` } : {}),
        ...viaConsoleServer(address),
      },
    }),
  );

const user = (login: string) => PROVIDER_USERS.find((u) => u.login === login)!;

/** The whole sign-on for one person: start, the provider's form, the callback. */
async function signOn(login: string, address: string, next?: string, jar = new Jar()) {
  const { location, flow } = await start(address, next);
  const back = await loginAtProvider(location, login, user(login).password, CALLBACK, { jar });
  return { res: await callback(back, address, flow), back, flow };
}

/** A body posted to the back-channel route over HTTP, as the provider posts it. */
const postLogout = (body: string) =>
  fetch(`http://127.0.0.1:${PORTS.integrationOidcRelay}/api/auth/oidc/backchannel-logout`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body,
  });

const failedCode = (res: Response) =>
  new URL(res.headers.get("location") ?? "", "http://x").searchParams.get("failed");

async function lastAuditRow(address: string) {
  const rows = await (await database()).audit.query({ target: address, action: "auth.sign-in" });
  return rows[0];
}

async function asSession(res: Response) {
  const token = cookieOf(res, "lka_session");
  expect(token).toBeTruthy();
  setSessionToken(token);
  return currentActor();
}

describe("sign-on with a real OpenID provider", () => {
  it("discovers the provider: its issuer, PKCE S256, and the authorization request it is sent", async () => {
    const config = await providerConfig(accessConfig().oidc!);
    const meta = config.serverMetadata();
    expect(meta.issuer).toBe(ISSUER);
    expect(meta.code_challenge_methods_supported).toContain("S256");
    const { res, location, flow } = await start("192.0.2.10", "/p/second/rooms");
    const url = new URL(location);
    expect(`${url.origin}${url.pathname}`).toBe(meta.authorization_endpoint);
    expect(url.searchParams.get("client_id")).toBe("livekit-admin");
    expect(url.searchParams.get("redirect_uri")).toBe(CALLBACK);
    expect(url.searchParams.get("response_type")).toBe("code");
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("state")).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get("nonce")).toMatch(/^[\w-]{43}$/);
    expect(location).not.toContain(SECRET);
    // The browser holds a random id only; state, nonce and verifier stay on the server.
    expect(flow).toMatch(/^[\w-]{43}$/);
    const set = res.headers.getSetCookie().find((c) => c.startsWith("lka_oidc_flow="))!;
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Lax/i);
    const { rows } = await (
      await database()
    ).sql.query<{ verifier: string }>("SELECT verifier FROM oidc_flows WHERE id = $1", [
      createHash("sha256").update(flow!).digest("base64url"),
    ]);
    expect(rows).toHaveLength(1);
    expect(await client.calculatePKCECodeChallenge(rows[0]!.verifier)).toBe(
      url.searchParams.get("code_challenge"),
    );
  });

  it("code + PKCE: an operator group's member lands in her project with the mapped roles, audited without tokens", async () => {
    const { res, back, flow } = await signOn("olga", "192.0.2.11", "/p/main/rooms");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/p/main/rooms");
    const session = res.headers.getSetCookie().find((c) => c.startsWith("lka_session="))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(cookieOf(res, "lka_oidc_flow")).toBe("");
    const actor = await asSession(res);
    expect(actor?.username).toBe("olga@example.test");
    expect(actor?.projects).toEqual([
      { name: "main", role: "operator" },
      { name: "second", role: "viewer" },
    ]);
    // The role holds where it counts: a change in main is allowed, in second refused.
    const made = await createRoom({ project: "main", name: uniqueRoom("oidc") });
    expect(made.ok).toBe(true);
    const refused = await createRoom({ project: "second", name: uniqueRoom("oidc") });
    expect(refused).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const row = await lastAuditRow("192.0.2.11");
    expect(row).toMatchObject({
      actor: "olga@example.test",
      outcome: "ok",
      params: {
        provider: "Test IdP",
        subject: "sub-olga",
        email: "olga@example.test",
        name: "Olga Ops",
      },
    });
    const code = new URL(back).searchParams.get("code")!;
    const stored = JSON.stringify(row);
    for (const secret of [code, flow!, SECRET, "eyJ"]) expect(stored).not.toContain(secret);
  });

  it("groups map to the highest role per project; '*' covers every project", async () => {
    const adam = await asSession((await signOn("adam", "192.0.2.12")).res);
    expect(adam?.projects).toEqual([
      { name: "main", role: "admin" },
      { name: "second", role: "admin" },
    ]);
    const vic = await signOn("vic", "192.0.2.12");
    expect(vic.res.headers.get("location")).toBe("/p/main");
    expect((await asSession(vic.res))?.projects).toEqual([
      { name: "main", role: "viewer" },
      { name: "second", role: "operator" },
    ]);
  });

  it("someone whose groups map to nothing is signed in to the no-access page, which knows their groups", async () => {
    const { res } = await signOn("nina", "192.0.2.13");
    expect(res.headers.get("location")).toBe("/no-access");
    const actor = await asSession(res);
    expect(actor).toMatchObject({
      username: "nina@example.test",
      projects: [],
      oidc: { groups: [] },
    });
  });

  it("a tampered state is refused: audited, no session", async () => {
    const { location, flow } = await start("192.0.2.14");
    const back = new URL(await loginAtProvider(location, "olga", "olga-pass-1", CALLBACK));
    back.searchParams.set("state", "attacker-state");
    const res = await callback(back.href, "192.0.2.14", flow);
    expect(failedCode(res)).toBe("oidc_refused");
    expect(cookieOf(res, "lka_session")).toBeUndefined();
    expect(await lastAuditRow("192.0.2.14")).toMatchObject({
      outcome: "failed",
      params: { reason: "oidc_refused" },
    });
  });

  it("another site cannot send a browser to start a sign-on", async () => {
    const res = await startRoute(
      new NextRequest(`http://${HOST}/api/auth/oidc/start`, {
        headers: { host: HOST, "sec-fetch-site": "cross-site", ...viaConsoleServer("192.0.2.30") },
      }),
    );
    expect(res.headers.get("location")).toBe("/sign-in?failed=forbidden");
    expect(cookieOf(res, "lka_oidc_flow")).toBeUndefined();
  });

  it("over HTTPS the flow cookie is __Host- and Secure, and the callback URL is the public one", async () => {
    const res = await startRoute(
      new NextRequest(`http://${HOST}/api/auth/oidc/start`, {
        headers: {
          host: HOST,
          "sec-fetch-site": "same-origin",
          ...viaConsoleServer("192.0.2.31"),
          "x-lka-host": "console.example",
          "x-lka-proto": "https",
        },
      }),
    );
    const set = res.headers.getSetCookie().find((c) => c.startsWith("__Host-lka_oidc_flow="));
    expect(set).toMatch(/; Secure/i);
    expect(set).toMatch(/Path=\//);
    expect(set).toMatch(/HttpOnly/i);
    const location = new URL(res.headers.get("location")!);
    expect(location.searchParams.get("redirect_uri")).toBe(
      "https://console.example/api/auth/oidc/callback",
    );
  });

  it("one address may have 20 sign-ons waiting at the provider; the next is told why", async () => {
    for (let i = 0; i < 20; i++) expect((await start("192.0.2.32")).flow).toBeTruthy();
    const res = await startRoute(
      new NextRequest(`http://${HOST}/api/auth/oidc/start`, {
        headers: { host: HOST, "sec-fetch-site": "same-origin", ...viaConsoleServer("192.0.2.32") },
      }),
    );
    expect(res.headers.get("location")).toBe("/sign-in?failed=oidc_too_many");
    expect(cookieOf(res, "lka_oidc_flow")).toBeUndefined();
    // Another address is not held by this one's.
    expect((await start("192.0.2.33")).flow).toBeTruthy();
  });

  it("a callback without this browser's flow cookie (login CSRF) is refused", async () => {
    const { location } = await start("192.0.2.15");
    const back = await loginAtProvider(location, "olga", "olga-pass-1", CALLBACK);
    const res = await callback(back, "192.0.2.15");
    expect(failedCode(res)).toBe("oidc_expired");
    expect(cookieOf(res, "lka_session")).toBeUndefined();
  });

  it("a nonce that is not this flow's is refused", async () => {
    const { location, flow } = await start("192.0.2.16");
    const back = await loginAtProvider(location, "olga", "olga-pass-1", CALLBACK);
    // As if the ID token had been made for another sign-in: the flow expects another nonce.
    await (
      await database()
    ).sql.query("UPDATE oidc_flows SET nonce = 'another-nonce' WHERE id = $1", [
      createHash("sha256").update(flow!).digest("base64url"),
    ]);
    const res = await callback(back, "192.0.2.16", flow);
    expect(failedCode(res)).toBe("oidc_refused");
    expect(cookieOf(res, "lka_session")).toBeUndefined();
    const row = await lastAuditRow("192.0.2.16");
    expect(row).toMatchObject({
      outcome: "failed",
      errorCode: "OAUTH_JWT_CLAIM_COMPARISON_FAILED",
    });
  });

  it("a replayed callback, and a used code in a new flow, are refused", async () => {
    const first = await signOn("olga", "192.0.2.17");
    expect(first.res.headers.get("location")).toBe("/p/main");
    const replay = await callback(first.back, "192.0.2.17", first.flow);
    expect(failedCode(replay)).toBe("oidc_expired");
    // The same code with a fresh flow's state: the provider refuses to redeem it twice.
    const fresh = await start("192.0.2.17");
    const stolen = new URL(first.back);
    stolen.searchParams.set("state", new URL(fresh.location).searchParams.get("state")!);
    const res = await callback(stolen.href, "192.0.2.17", fresh.flow);
    expect(failedCode(res)).toBe("oidc_refused");
    expect(cookieOf(res, "lka_session")).toBeUndefined();
    expect(await lastAuditRow("192.0.2.17")).toMatchObject({
      outcome: "failed",
      errorCode: "invalid_grant",
    });
  });

  it("an ID token the provider issued to another application is refused (audience)", async () => {
    const other = await client.discovery(new URL(ISSUER), "other-app", OTHER_SECRET, undefined, {
      execute: [client.allowInsecureRequests],
    });
    const verifier = client.randomPKCECodeVerifier();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(other, {
      redirect_uri: "http://127.0.0.1:9/cb",
      scope: "openid email",
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      nonce,
    });
    const back = await loginAtProvider(url.href, "olga", "olga-pass-1", "http://127.0.0.1:9/cb");
    const tokens = await client.authorizationCodeGrant(other, new URL(back), {
      pkceCodeVerifier: verifier,
      expectedNonce: nonce,
    });
    const foreign = tokens.id_token!;
    expect(decodeJwt(foreign).aud).toBe("other-app");
    proxy.swapIdToken = () => foreign;
    try {
      const { res } = await signOn("olga", "192.0.2.18");
      expect(failedCode(res)).toBe("oidc_refused");
      expect(cookieOf(res, "lka_session")).toBeUndefined();
    } finally {
      proxy.swapIdToken = undefined;
    }
    expect(await lastAuditRow("192.0.2.18")).toMatchObject({
      outcome: "failed",
      params: { reason: "oidc_refused" },
    });
  });

  it("an ID token signed by another key (the provider's kid, an attacker's key) is refused", async () => {
    const { privateKey } = await generateKeyPair("RS256", { extractable: true });
    expect((await exportJWK(privateKey)).kty).toBe("RSA");
    proxy.swapIdToken = (genuine) =>
      new SignJWT(decodeJwt(genuine))
        .setProtectedHeader(decodeProtectedHeader(genuine) as { alg: string })
        .sign(privateKey);
    try {
      const { res } = await signOn("adam", "192.0.2.19");
      expect(failedCode(res)).toBe("oidc_refused");
      expect(cookieOf(res, "lka_session")).toBeUndefined();
    } finally {
      proxy.swapIdToken = undefined;
    }
    expect(await lastAuditRow("192.0.2.19")).toMatchObject({ outcome: "failed" });
  });

  it("a person who cancels at the provider is told so, audited with the provider's error code", async () => {
    const { location, flow } = await start("192.0.2.20");
    const back = await loginAtProvider(location, "olga", "x", CALLBACK, { cancel: true });
    const res = await callback(back, "192.0.2.20", flow);
    expect(failedCode(res)).toBe("oidc_denied");
    expect(await lastAuditRow("192.0.2.20")).toMatchObject({
      outcome: "failed",
      errorCode: "access_denied",
    });
  });

  it("a wrong client secret: the provider refuses the console, and the page says which variable to check", async () => {
    process.env.OIDC_TEST_SECRET = "not-the-secret-the-provider-issued";
    try {
      const { res } = await signOn("olga", "192.0.2.21");
      expect(failedCode(res)).toBe("oidc_client_refused");
      expect(await lastAuditRow("192.0.2.21")).toMatchObject({ errorCode: "invalid_client" });
    } finally {
      process.env.OIDC_TEST_SECRET = SECRET;
    }
  });

  it("an issuer that differs from the configured one is refused at discovery", async () => {
    writeConfig({ issuer: `http://localhost:${PORTS.integrationOidcProxy}` });
    try {
      const { location } = await start("192.0.2.22");
      expect(new URL(location, "http://x").searchParams.get("failed")).toBe("oidc_misconfigured");
      expect(await lastAuditRow("192.0.2.22")).toMatchObject({
        outcome: "failed",
        params: { reason: "oidc_misconfigured" },
      });
    } finally {
      writeConfig();
    }
  });

  it("a provider that is down: a plain refusal; back up with new groups, the next sign-in takes them", async () => {
    await provider.stop();
    forgetProviderConfig();
    const t0 = Date.now();
    const { location } = await start("192.0.2.23");
    expect(Date.now() - t0).toBeLessThan(6_000);
    expect(new URL(location, "http://x").searchParams.get("failed")).toBe("oidc_unreachable");
    expect(await lastAuditRow("192.0.2.23")).toMatchObject({
      outcome: "failed",
      params: { reason: "oidc_unreachable" },
    });
    // Nothing listens at all (the proxy gone too): the same answer.
    await proxy.close();
    const refused = await start("192.0.2.27");
    expect(new URL(refused.location, "http://x").searchParams.get("failed")).toBe(
      "oidc_unreachable",
    );
    proxy = await startTamperProxy(PORTS.integrationOidcProxy, PORTS.integrationOidc);
    // Olga moved to the admins' group at the provider: roles are read again at sign-in.
    provider = await startProvider({
      users: PROVIDER_USERS.map((u) => (u.login === "olga" ? { ...u, groups: ["lk-admins"] } : u)),
    });
    forgetProviderConfig();
    const actor = await asSession((await signOn("olga", "192.0.2.23")).res);
    expect(actor?.projects).toEqual([
      { name: "main", role: "admin" },
      { name: "second", role: "admin" },
    ]);
  });

  it("a provider whose clock is two hours behind: its ID token is expired here, and the page says to check clocks", async () => {
    await restartProvider({ clockOffsetSec: -7200 });
    try {
      const { res } = await signOn("olga", "192.0.2.24");
      expect(failedCode(res)).toBe("oidc_clock");
      expect(await lastAuditRow("192.0.2.24")).toMatchObject({
        errorCode: "OAUTH_JWT_TIMESTAMP_CHECK_FAILED",
      });
    } finally {
      await restartProvider();
    }
  });

  it("groups only in userinfo (the spec's default) are read from there", async () => {
    await restartProvider({ groupsInIdToken: false });
    const actor = await asSession((await signOn("vic", "192.0.2.25")).res);
    expect(actor?.projects).toEqual([
      { name: "main", role: "viewer" },
      { name: "second", role: "operator" },
    ]);
  });

  it("a provider account with a local operator's name is refused, not merged with it", async () => {
    const local = (
      JSON.parse(readFileSync(file, "utf8")) as { operators: { passwordHash: string }[] }
    ).operators[0]!.passwordHash;
    writeConfig({}, [
      { username: "olga@example.test", passwordHash: local, roles: { "*": "admin" } },
    ]);
    try {
      const { res } = await signOn("olga", "192.0.2.35");
      expect(failedCode(res)).toBe("oidc_name_taken");
      expect(cookieOf(res, "lka_session")).toBeUndefined();
      expect(await lastAuditRow("192.0.2.35")).toMatchObject({
        outcome: "failed",
        params: { reason: "oidc_name_taken", subject: "sub-olga" },
      });
    } finally {
      writeConfig();
    }
  });

  it("a name is one provider account's: another account with the same e-mail or username is refused", async () => {
    const db = await database();
    // Olga is bound to her name by her sign-in; an admin account giving her address is not her.
    expect((await asSession((await signOn("olga", "192.0.2.50")).res))?.username).toBe(
      "olga@example.test",
    );
    const twin = (await signOn("olga-twin", "192.0.2.51")).res;
    expect(failedCode(twin)).toBe("oidc_name_bound");
    expect(cookieOf(twin, "lka_session")).toBeUndefined();
    expect(await lastAuditRow("192.0.2.51")).toMatchObject({
      outcome: "failed",
      params: { reason: "oidc_name_bound", subject: "sub-olga-twin" },
    });
    // An address without email_verified is not a name: Mallory is her username, not Adam.
    expect((await asSession((await signOn("mallory", "192.0.2.52")).res))?.username).toBe(
      "mallory",
    );
    const namesake = (await signOn("mallory-twin", "192.0.2.53")).res;
    expect(failedCode(namesake)).toBe("oidc_name_bound");
    expect(cookieOf(namesake, "lka_session")).toBeUndefined();
    // Olga's owner re-check reads her groups, never the namesake's (no session of it stands).
    expect(await db.oidc.latestGroups("olga@example.test")).toEqual(user("olga").groups);
    // A session of another subject under her name (one made before names were bound) is not hers.
    await db.sql.query(
      `INSERT INTO oidc_sessions (jti, username, issuer, subject, groups, expires_at)
       VALUES ($1, 'olga@example.test', $2, 'sub-olga-twin', '{lk-admins}', now() + interval '1 hour')`,
      [`legacy-${Date.now()}`, ISSUER],
    );
    expect(await db.oidc.latestGroups("olga@example.test")).toEqual(user("olga").groups);
  });

  it("a bulk delete's re-check of its owner's role reads a sign-on person's newest session's groups", async () => {
    const { res } = await signOn("olga", "192.0.2.36");
    const db = await database();
    const groups = await db.oidc.latestGroups("olga@example.test");
    expect(groups).toBeDefined();
    expect(currentRoleOf("olga@example.test", "main", groups)).toBe(
      (await asSession(res))?.projects.find((p) => p.name === "main")?.role,
    );
    // Without groups (no session of hers stands) she has no role to act with.
    expect(currentRoleOf("olga@example.test", "main", undefined)).toBeUndefined();
  });

  it("local passwords stay unless turned off; turned off, the password route refuses", async () => {
    const post = () =>
      signIn(
        new NextRequest(`http://${HOST}/api/auth/sign-in`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            host: HOST,
            origin: `http://${HOST}`,
            ...viaConsoleServer("192.0.2.26"),
          },
          body: JSON.stringify({ username: "oscar", password: PASSWORD }),
        }),
      );
    expect((await post()).status).toBe(200);
    writeConfig({ passwords: false });
    try {
      const res = await post();
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ ok: false, error: { code: "passwords_off" } });
    } finally {
      writeConfig();
    }
  });

  it("signing out at the provider ends the console session through its back-channel logout", async () => {
    const jar = new Jar();
    const { res } = await signOn("adam", "192.0.2.28", undefined, jar);
    const token = cookieOf(res, "lka_session");
    expect((await asSession(res))?.username).toBe("adam@example.test");
    // Another of Adam's sessions, from another browser, is another provider session: it stays.
    const otherToken = cookieOf((await signOn("adam", "192.0.2.28")).res, "lka_session");
    await logoutAtProvider(ISSUER, jar);
    setSessionToken(token);
    await expect.poll(() => currentActor(), { timeout: 5_000 }).toBeUndefined();
    setSessionToken(otherToken);
    expect((await currentActor())?.username).toBe("adam@example.test");
    const rows = await (
      await database()
    ).audit.query({ action: "auth.sign-out", actor: "adam@example.test" });
    expect(rows[0]).toMatchObject({
      params: { by: "provider (back-channel logout)", subject: "sub-adam" },
    });
  });

  it("a logout the console cannot check for want of the provider is answered 503, honoured when sent again, refused when replayed", async () => {
    const jar = new Jar();
    const { res } = await signOn("vic", "192.0.2.60", undefined, jar);
    const token = cookieOf(res, "lka_session");
    const forgetKeys = () =>
      processSingleton("oidc-jwks", () => new Map<string, unknown>()).clear();
    relayed.length = 0;
    // The provider's discovery cannot be fetched as its logout arrives: a 503 it may retry.
    proxy.failPaths = /^\/(\.well-known|jwks)/;
    forgetProviderConfig();
    forgetKeys();
    try {
      await logoutAtProvider(ISSUER, jar);
      await expect.poll(() => relayed.length, { timeout: 5_000 }).toBe(1);
      expect(relayed[0]).toMatchObject({ status: 503, retryAfter: "30" });
      setSessionToken(token);
      expect((await currentActor())?.username).toBe("vic@example.test");
      // Discovered, but its keys cannot be fetched: the same.
      proxy.failPaths = /^\/jwks/;
      const keysDown = await postLogout(relayed[0]!.body);
      expect(keysDown.status).toBe(503);
      expect(keysDown.headers.get("retry-after")).toBe("30");
      expect((await currentActor())?.username).toBe("vic@example.test");
    } finally {
      proxy.failPaths = undefined;
    }
    // The provider's retry, with it reachable, ends the session.
    expect((await postLogout(relayed[0]!.body)).status).toBe(200);
    expect(await currentActor()).toBeUndefined();
    // The same token again (a replay, its jti used) is refused.
    expect((await postLogout(relayed[0]!.body)).status).toBe(400);
  });

  it("front-channel logout: the provider's issuer and session id end that session, nothing else does", async () => {
    const { res } = await signOn("vic", "192.0.2.34");
    expect((await asSession(res))?.username).toBe("vic@example.test");
    const { rows } = await (
      await database()
    ).sql.query<{ provider_sid: string }>(
      "SELECT provider_sid FROM oidc_sessions WHERE username = $1 ORDER BY started_at DESC LIMIT 1",
      ["vic@example.test"],
    );
    const sid = rows[0]!.provider_sid;
    // The provider's ID token named its session: that is what a logout names.
    expect(sid).toMatch(/^[\w-]{10,}$/);
    const frame = (query: Record<string, string>) =>
      frontChannelRoute(
        new NextRequest(
          `http://${HOST}/api/auth/oidc/frontchannel-logout?${new URLSearchParams(query)}`,
          { headers: { host: HOST, "sec-fetch-site": "cross-site" } },
        ),
      );
    expect((await frame({ iss: "https://elsewhere.example", sid })).status).toBe(400);
    expect((await frame({ iss: ISSUER })).status).toBe(400);
    expect((await frame({ iss: ISSUER, sid: "not-a-session-of-ours" })).status).toBe(200);
    expect((await currentActor())?.username).toBe("vic@example.test");
    expect((await frame({ iss: ISSUER, sid })).status).toBe(200);
    expect(await currentActor()).toBeUndefined();
  });

  it("junk at the sign-on routes is a refusal, never a 5xx", async () => {
    const junk = await callback(
      `${CALLBACK}?code=${"x".repeat(10_000)}&state=%00%ff&iss=javascript:alert(1)`,
      "192.0.2.37",
      "not-a-flow-id",
    );
    expect(junk.status).toBe(303);
    expect(failedCode(junk)).toBe("oidc_expired");
    const start = await startRoute(
      new NextRequest(`http://${HOST}/api/auth/oidc/start?next=//evil.example/x`, {
        headers: { host: HOST, "sec-fetch-site": "same-origin", ...viaConsoleServer("192.0.2.37") },
      }),
    );
    expect(start.status).toBe(303);
    // A page of another site is never where the sign-on comes back to.
    const { rows } = await (
      await database()
    ).sql.query<{ next: string | null }>("SELECT next FROM oidc_flows WHERE id = $1", [
      createHash("sha256").update(cookieOf(start, "lka_oidc_flow")!).digest("base64url"),
    ]);
    expect(rows).toEqual([{ next: null }]);
    expect((await postLogout("logout_token=not.a.jwt")).status).toBe(400);
    expect((await postLogout("")).status).toBe(400);
    expect((await postLogout(`logout_token=${"a".repeat(64 * 1024)}`)).status).toBe(413);
  });

  it("a next path whose dot segments resolve to another host is not where a sign-on comes back to", async () => {
    for (const [i, next] of [
      "/.//evil.example",
      "/a/..//evil.example/x",
      "/%2e//evil.example",
    ].entries()) {
      const { res } = await signOn("olga", `192.0.2.${40 + i}`, next);
      expect(res.status).toBe(303);
      const location = res.headers.get("location") ?? "";
      expect(location).toMatch(/^\/[^/\\]/);
      expect(new URL(location, `http://${HOST}`).host).toBe(HOST);
      expect((await asSession(res))?.username).toBe("olga@example.test");
    }
  });

  it("a logout token not signed by the provider ends nothing", async () => {
    const { res } = await signOn("olga", "192.0.2.29");
    const { privateKey } = await generateKeyPair("RS256");
    const forged = await new SignJWT({
      events: { "http://schemas.openid.net/event/backchannel-logout": {} },
      jti: "forged-1",
    })
      .setProtectedHeader({ alg: "RS256", typ: "logout+jwt" })
      .setIssuer(ISSUER)
      .setAudience("livekit-admin")
      .setSubject("sub-olga")
      .setIssuedAt()
      .sign(privateKey);
    const answer = await postLogout(new URLSearchParams({ logout_token: forged }).toString());
    expect(answer.status).toBe(400);
    expect((await asSession(res))?.username).toBe("olga@example.test");
  });

  it("no client secret, code or token reached the server's log", () => {
    const text = logged.join("\n");
    expect(text).toContain("sign-on");
    expect(text).not.toContain(SECRET);
    expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    expect(text).not.toMatch(/code=[\w-]{20,}/);
  });
});
