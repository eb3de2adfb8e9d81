import { describe, expect, it } from "vitest";
import { hashPassword, isPasswordHash, verifyPassword } from "@/lib/auth/password";
import { loadAccessConfig, DEMO_PASSWORD, DEMO_USERS } from "@/lib/auth/access-config";
import { ConfigError } from "@/lib/config-schema";
import { audienceOf, signSession, verifySession } from "@/lib/auth/token";
import { allows } from "@/lib/auth/roles";

describe("passwords", () => {
  it("hashes with scrypt and verifies only the right password", async () => {
    const h = await hashPassword("s3cret-enough");
    expect(h).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(isPasswordHash(h)).toBe(true);
    expect(await verifyPassword("s3cret-enough", h)).toBe(true);
    expect(await verifyPassword("s3cret-enougH", h)).toBe(false);
    // One character of the key changed, always to another one (not left as it was by chance).
    const i = h.length - 5;
    const tampered = h.slice(0, i) + (h[i] === "A" ? "B" : "A") + h.slice(i + 1);
    expect(await verifyPassword("s3cret-enough", tampered)).toBe(false);
    expect(await verifyPassword("anything", undefined)).toBe(false);
    // scrypt is slow on purpose: four of them on a busy 2-core machine need more than 5 s.
  }, 30_000);
  it("the documented demo password matches the demo users", async () => {
    expect(await verifyPassword(DEMO_PASSWORD, DEMO_USERS[0]!.passwordHash)).toBe(true);
  });
  it("refuses hashes with absurd cost parameters", () => {
    expect(
      isPasswordHash(
        "scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      ),
    ).toBe(false);
    expect(isPasswordHash("plain-password")).toBe(false);
  });
});

const HASH = DEMO_USERS[0]!.passwordHash;
const files: Record<string, string> = {};
const read = (p: string) => {
  const f = files[p];
  if (f === undefined) throw new Error(`ENOENT: no such file, open '${p}'`);
  return f;
};
function problems(env: Record<string, string>): string[] {
  try {
    loadAccessConfig(env, read);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe("access configuration", () => {
  it("the env-only setup is one project named default with one admin", () => {
    const c = loadAccessConfig(
      { ADMIN_USERNAME: "root", ADMIN_PASSWORD_HASH: HASH, SESSION_SECRET: "x".repeat(32) },
      read,
    );
    expect(c.projects.map((p) => p.name)).toEqual(["default"]);
    expect(c.operators).toEqual([
      { username: "root", passwordHash: HASH, roles: { "*": "admin" } },
    ]);
    expect(c.demo).toBe(false);
  });

  it("names the bad entry of the operators file, and the missing secret variable", () => {
    files["/ops.json"] = JSON.stringify({
      projects: [
        {
          name: "prod",
          url: "wss://prod.example.com",
          apiKey: "API1",
          apiSecretEnv: "PROD_SECRET",
        },
      ],
      operators: [
        { username: "alice", passwordHash: HASH, roles: { prod: "admin" } },
        { username: "bob", passwordHash: "hunter2", roles: { prod: "superuser" } },
      ],
    });
    expect(problems({ LIVEKIT_ADMIN_CONFIG: "/ops.json" })).toEqual([
      "/ops.json: operators[1] (bob).passwordHash must be a hash printed by `npm run hash-password` (scrypt$…)",
      "/ops.json: operators[1] (bob).roles.prod must be one of viewer, operator, admin",
    ]);
    files["/ops2.json"] = JSON.stringify({
      projects: [
        {
          name: "prod",
          url: "wss://prod.example.com",
          apiKey: "API1",
          apiSecretEnv: "PROD_SECRET",
        },
      ],
      operators: [{ username: "alice", passwordHash: HASH, roles: { staging: "admin" } }],
    });
    expect(problems({ LIVEKIT_ADMIN_CONFIG: "/ops2.json", NODE_ENV: "production" })).toEqual([
      "PROD_SECRET is not set (the API secret of project prod)",
      'operator alice has a role in project "staging", which is not defined',
      "SESSION_SECRET is not set (required in production; make one with: openssl rand -hex 32)",
    ]);
  });

  it("says when the file is missing or not JSON", () => {
    expect(problems({ LIVEKIT_ADMIN_CONFIG: "/missing.json" })[0]).toMatch(
      /^LIVEKIT_ADMIN_CONFIG \(\/missing.json\) cannot be read as JSON: ENOENT/,
    );
  });

  it("in production, refuses to start with no operators or a short session key", () => {
    expect(problems({ NODE_ENV: "production", SESSION_SECRET: "short" })).toEqual([
      "No operators are configured: set LIVEKIT_ADMIN_CONFIG to an operators file, or ADMIN_USERNAME and ADMIN_PASSWORD_HASH, or oidc in the operators file",
      "SESSION_SECRET is shorter than 32 characters (make one with: openssl rand -hex 32)",
    ]);
    expect(
      problems({
        NODE_ENV: "production",
        ADMIN_USERNAME: "root",
        ADMIN_PASSWORD_HASH: "letmein",
        SESSION_SECRET: "x".repeat(40),
      }),
    ).toEqual([
      "ADMIN_PASSWORD_HASH must be a hash printed by `npm run hash-password` (scrypt$…), not a password",
    ]);
  });

  it("demo mode adds the documented users only when no operators are configured", () => {
    const demo = loadAccessConfig(
      { LIVEKIT_ADMIN_DEMO: "1", NODE_ENV: "production", SESSION_SECRET: "x".repeat(32) },
      read,
    );
    expect(demo.demo).toBe(true);
    expect(demo.operators.map((o) => o.username)).toEqual(["admin", "operator", "viewer"]);
    const real = loadAccessConfig(
      { LIVEKIT_ADMIN_DEMO: "1", ADMIN_USERNAME: "root", ADMIN_PASSWORD_HASH: HASH },
      read,
    );
    expect(real.demo).toBe(false);
    expect(real.operators.map((o) => o.username)).toEqual(["root"]);
  });
});

describe("session tokens", () => {
  const key = new TextEncoder().encode("k".repeat(32));
  const audience = audienceOf("deployment-a");
  it("round-trips, and rejects expired, foreign and tampered tokens", async () => {
    const issuedAtMs = Date.now() - 123;
    const t = await signSession("ada", key, { audience, nowMs: issuedAtMs });
    const claims = await verifySession(t, key, audience);
    expect(claims?.username).toBe("ada");
    expect(claims?.issuedAtMs).toBe(issuedAtMs);
    const expired = await signSession("ada", key, { audience, nowMs: Date.now() - 9 * 3600_000 });
    expect(await verifySession(expired, key, audience)).toBeUndefined();
    expect(
      await verifySession(t, new TextEncoder().encode("j".repeat(32)), audience),
    ).toBeUndefined();
    expect(await verifySession(`${t}x`, key, audience)).toBeUndefined();
  });

  it("refuses a token of another deployment that shares the same secret", async () => {
    const t = await signSession("ada", key, { audience: audienceOf("deployment-b") });
    expect(await verifySession(t, key, audience)).toBeUndefined();
  });
});

describe("roles", () => {
  it("each role includes the ones before it", () => {
    expect([
      allows("viewer", "view"),
      allows("viewer", "manage"),
      allows("operator", "manage"),
      allows("operator", "administer"),
      allows("admin", "administer"),
    ]).toEqual([true, false, true, false, true]);
  });
});
