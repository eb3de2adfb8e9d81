import { describe, expect, it } from "vitest";
import { errors } from "jose";
import {
  isKeyFetchFailure,
  jtiKeptUntilSec,
  logoutTokenAgeProblem,
} from "@/lib/auth/oidc/logout-token";
import { loadAccessConfig } from "@/lib/auth/access-config";
import { ConfigError } from "@/lib/config-schema";
import { grantingGroups, groupsOf, rolesFromGroups } from "@/lib/auth/oidc/roles";
import { oidcFailureMessage } from "@/lib/auth/oidc/failures";

const mapping = {
  "lk-admins": { "*": "admin" },
  "lk-operators": { main: "operator", second: "viewer" },
  "lk-viewers": { "*": "viewer" },
  "second-ops": { second: "operator" },
  "gone-project": { retired: "admin" },
} as const;
const projects = ["main", "second"];

describe("roles from groups", () => {
  it("takes the highest role any group grants per project; '*' covers every project", () => {
    expect(rolesFromGroups(mapping, ["lk-viewers", "second-ops"], projects)).toEqual({
      main: "viewer",
      second: "operator",
    });
    expect(rolesFromGroups(mapping, ["lk-operators", "lk-admins"], projects)).toEqual({
      main: "admin",
      second: "admin",
    });
    // A project named beside "*" wins over it only when higher.
    expect(rolesFromGroups({ g: { "*": "admin", main: "viewer" } }, ["g"], projects)).toEqual({
      main: "viewer",
      second: "admin",
    });
  });

  it("unknown groups, no groups and inherited names grant nothing", () => {
    expect(rolesFromGroups(mapping, [], projects)).toEqual({});
    expect(rolesFromGroups(mapping, ["staff", "toString", "__proto__"], projects)).toEqual({});
  });

  it("names the groups that would open a project, not those of projects no longer here", () => {
    expect(grantingGroups(mapping, projects)).toEqual([
      "lk-admins",
      "lk-operators",
      "lk-viewers",
      "second-ops",
    ]);
  });

  it("reads the groups claim: a list, one string, a dotted path, or a namespaced name", () => {
    expect(groupsOf({ groups: ["a", "b", "a", 3] }, "groups")).toEqual(["a", "b"]);
    expect(groupsOf({ groups: "a" }, "groups")).toEqual(["a"]);
    expect(groupsOf({ realm_access: { roles: ["x"] } }, "realm_access.roles")).toEqual(["x"]);
    expect(groupsOf({ "https://acme.test/groups": ["y"] }, "https://acme.test/groups")).toEqual([
      "y",
    ]);
    expect(groupsOf({ groups: { a: 1 } }, "groups")).toEqual([]);
    expect(groupsOf({}, "groups")).toEqual([]);
  });
});

const files: Record<string, string> = {};
function load(oidc: unknown, env: Record<string, string> = {}) {
  files["/ops.json"] = JSON.stringify({
    projects: [{ name: "main", url: "ws://127.0.0.1:7880", apiKey: "k", apiSecretEnv: "MAIN_S" }],
    oidc,
  });
  try {
    return loadAccessConfig(
      { LIVEKIT_ADMIN_CONFIG: "/ops.json", MAIN_S: "s", SESSION_SECRET: "x".repeat(32), ...env },
      (p) => files[p]!,
    );
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
}
const good = {
  name: "Acme SSO",
  issuer: "https://login.acme.test/realms/acme",
  clientId: "livekit-admin",
  clientSecretEnv: "OIDC_SECRET",
  roles: { "lk-admins": { "*": "admin" } },
};

describe("the operators file's oidc section", () => {
  it("reads the secret from the variable it names; passwords stay on by default", () => {
    const c = load(good, { OIDC_SECRET: "shh" });
    expect(Array.isArray(c)).toBe(false);
    if (Array.isArray(c)) return;
    expect(c.oidc).toMatchObject({ name: "Acme SSO", clientSecret: "shh", groupsClaim: "groups" });
    expect(c.oidc?.scopes).toEqual(["openid", "profile", "email"]);
    expect(c.passwords).toBe(true);
    // No operators at all is fine in production when people sign in through the provider.
    const prod = load(
      { ...good, passwords: false },
      { OIDC_SECRET: "shh", NODE_ENV: "production" },
    );
    expect(Array.isArray(prod) ? prod : prod.passwords).toBe(false);
  });

  it("names each problem: the missing secret, plain http, a missing openid scope, an unknown project", () => {
    expect(load(good)).toEqual([
      "OIDC_SECRET is not set (the client secret of oidc, as the provider issued it for client livekit-admin)",
    ]);
    expect(
      load(
        {
          ...good,
          issuer: "http://login.acme.test",
          scopes: ["email"],
          roles: { ops: { prod: "operator" } },
        },
        { OIDC_SECRET: "shh" },
      ),
    ).toEqual([
      "/ops.json: oidc.issuer must be an https:// URL (http only on loopback)",
      "/ops.json: oidc.scopes must include openid",
    ]);
    expect(load({ ...good, roles: { ops: { prod: "operator" } } }, { OIDC_SECRET: "s" })).toEqual([
      'oidc.roles (ops) gives a role in project "prod", which is not defined',
    ]);
    expect(load({ ...good, roles: { ops: { main: "owner" } } }, { OIDC_SECRET: "s" })).toEqual([
      "/ops.json: oidc.roles.ops.main must be one of viewer, operator, admin",
    ]);
  });

  it("a failure's message names the provider, and what to check", () => {
    const p = { name: "Acme SSO", issuer: "https://login.acme.test", secretEnv: "OIDC_SECRET" };
    expect(oidcFailureMessage("oidc_client_refused", p)).toContain("OIDC_SECRET");
    expect(oidcFailureMessage("oidc_unreachable", p)).toContain("https://login.acme.test");
    expect(oidcFailureMessage("toString", p)).toBeUndefined();
    expect(oidcFailureMessage(undefined, p)).toBeUndefined();
  });
});

describe("a back-channel logout token's age and the provider's key fetch", () => {
  const now = 1_800_000_000;

  it("a token is honoured from a minute ahead to six minutes old, and not outside that", () => {
    for (const iat of [now, now - 300, now - 360, now + 60])
      expect(logoutTokenAgeProblem(iat, now)).toBeUndefined();
    expect(logoutTokenAgeProblem(now - 361, now)).toMatch(/older than 5 minutes/);
    expect(logoutTokenAgeProblem(now - 86_400, now)).toMatch(/older than 5 minutes/);
    expect(logoutTokenAgeProblem(now + 61, now)).toMatch(/in the future/);
    // Its jti is remembered for as long as its age lets it through.
    expect(jtiKeptUntilSec(now)).toBeGreaterThan(now + 300 + 60);
  });

  it("a key set that cannot be fetched is the provider's failure; a key it lacks is the token's", () => {
    for (const e of [
      new errors.JWKSTimeout(),
      new errors.JWKSInvalid("not a key set"),
      new errors.JOSEError("Expected 200 OK from the JSON Web Key Set HTTP response"),
      new TypeError("fetch failed"),
      new SyntaxError("Unexpected token < in JSON"),
    ])
      expect(isKeyFetchFailure(e)).toBe(true);
    for (const e of [
      new errors.JWKSNoMatchingKey(),
      new errors.JWKSMultipleMatchingKeys(),
      new errors.JOSENotSupported("alg"),
      new errors.JWSSignatureVerificationFailed(),
      new Error("something else"),
    ])
      expect(isKeyFetchFailure(e)).toBe(false);
  });
});
