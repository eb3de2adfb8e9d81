import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { Client } from "pg";
import { E2E, E2E_KEYS, E2E_PASSWORD, E2E_SECOND_SECRET } from "../support/e2e-env";
import { PORTS } from "../support/ports";
import { PROVIDER_USERS, startOidcProvider, type TestProvider } from "../support/oidc";
import { keepScreenshot, violations } from "./helpers";
import { ProviderLoginPage } from "./pages/provider-login-page";
import { SignInPage } from "./pages/sign-in-page";

/**
 * Sign-on in Chromium against a real OpenID provider (npm oidc-provider) on loopback: two
 * console instances (the deployment build) sharing one PostgreSQL schema, as behind a load
 * balancer. Cookies do not tell ports apart, so the browser's session reaches both, as it would
 * reach any instance behind one address.
 */
const A = `http://127.0.0.1:${PORTS.e2eOidcApp}`;
const B = `http://127.0.0.1:${PORTS.e2eOidcAppB}`;
const ISSUER = `http://127.0.0.1:${PORTS.e2eOidcProvider}`;
const PG = "postgres://postgres@127.0.0.1:5432/test";
const LOGS = path.resolve(__dirname, "../../test-results/oidc");
const SERVER = path.resolve(__dirname, "../../.next/standalone/scripts/server.mjs");
const SECRET = "e2e-oidc-client-secret-3b7e9d1c5a2f8064";
const schema = `lka_oidc_${Date.now().toString(36)}`;

const password = (login: string) => PROVIDER_USERS.find((u) => u.login === login)!.password;

const procs: ChildProcess[] = [];
let provider: TestProvider | undefined;

/** The provider, started after the consoles: the first test meets them without it. */
async function ensureProvider() {
  provider ??= await startOidcProvider({
    port: PORTS.e2eOidcProvider,
    clients: [
      {
        client_id: "livekit-admin",
        client_secret: SECRET,
        redirect_uris: [`${A}/api/auth/oidc/callback`, `${B}/api/auth/oidc/callback`],
        // The provider tells instance B; both read the same database.
        backchannel_logout_uri: `${B}/api/auth/oidc/backchannel-logout`,
        backchannel_logout_session_required: true,
      },
    ],
  });
}
let db: Client;

/** The consoles' operators file, written whole; they read it again when it changes. */
function operatorsFile({ passwords = true } = {}): string {
  const fixture = JSON.parse(readFileSync(E2E.operatorsFile, "utf8")) as {
    projects: { name: string; url: string }[];
  };
  const urls: Record<string, string> = {
    main: E2E.livekitWs,
    second: `ws://127.0.0.1:${PORTS.e2eSecond}`,
  };
  for (const p of fixture.projects) p.url = urls[p.name] ?? p.url;
  const file = path.join(LOGS, "operators.json");
  writeFileSync(
    `${file}.tmp`,
    JSON.stringify({
      ...fixture,
      oidc: {
        name: "Test IdP",
        issuer: ISSUER,
        clientId: "livekit-admin",
        clientSecretEnv: "E2E_OIDC_SECRET",
        scopes: ["openid", "profile", "email", "groups"],
        roles: {
          "lk-admins": { "*": "admin" },
          "lk-operators": { main: "operator", second: "viewer" },
        },
        passwords,
      },
    }),
  );
  renameSync(`${file}.tmp`, file);
  return file;
}

function startConsole(name: string, port: number, env: Record<string, string>) {
  const out = openSync(path.join(LOGS, `${name}.log`), "a");
  const child = spawn("node", [SERVER, "-H", "127.0.0.1", "-p", String(port)], {
    env: { ...process.env, ...env },
    stdio: ["ignore", out, out],
    detached: true,
  });
  procs.push(child);
}

async function waitFor(url: string, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > until) throw new Error(`${url} did not answer in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  mkdirSync(LOGS, { recursive: true });
  db = new Client({ connectionString: PG });
  await db.connect();
  await db.query(`CREATE SCHEMA ${schema}`);
  const env = {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    SESSION_SECRET: randomBytes(32).toString("hex"),
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    DATABASE_URL: `${PG}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    LIVEKIT_ADMIN_CONFIG: operatorsFile(),
    E2E_MAIN_SECRET: E2E_KEYS.apiSecret,
    E2E_SECOND_SECRET,
    E2E_OIDC_SECRET: SECRET,
  };
  // A first, so the schema is migrated once; then B.
  startConsole("a", PORTS.e2eOidcApp, env);
  await waitFor(`${A}/api/ready`);
  startConsole("b", PORTS.e2eOidcAppB, env);
  await waitFor(`${B}/api/ready`);
});

test.afterAll(async () => {
  for (const child of procs)
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        /* already gone */
      }
    }
  await provider?.stop();
  await db?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
  await db?.end();
});

/** Through the sign-in page of `app`, the provider's own form, and back. */
async function signOn(page: Page, app: string, login: string, shot?: string) {
  await ensureProvider();
  const signIn = new SignInPage(page);
  await page.goto(`${app}/sign-in`);
  await signIn.signOnWith("Test IdP").click();
  const form = new ProviderLoginPage(page);
  await expect(form.heading).toBeVisible();
  expect(new URL(page.url()).origin).toBe(ISSUER);
  if (shot) await keepScreenshot(page, shot);
  await form.signIn(login, password(login));
}

const signedInAs = (page: Page) => page.getByTestId("signed-in-as");

test("a provider that is down: said at start-up, and on the sign-in page with what to do", async ({
  page,
}) => {
  // The consoles started before the provider: each said so in its output, and started.
  await expect
    .poll(() => readFileSync(path.join(LOGS, "a.log"), "utf8"))
    .toContain(
      `LiveKit Admin: Sign-in with Test IdP is unavailable: its provider at ${ISSUER} did not answer`,
    );
  expect(readFileSync(path.join(LOGS, "a.log"), "utf8")).toContain(
    "Local password accounts can still sign in.",
  );
  await page.goto(`${A}/sign-in`);
  await new SignInPage(page).signOnWith("Test IdP").click();
  await expect(page).toHaveURL(/failed=oidc_unreachable/);
  // Next's route announcer is an alert too: the one that says something.
  await expect(page.getByRole("alert").filter({ hasText: "Test IdP" })).toContainText(
    `Sign-in with Test IdP is unavailable: its provider at ${ISSUER} did not answer`,
  );
  await keepScreenshot(page, "oidc-provider-down");
});

test("the sign-in page offers the provider beside the password form", async ({ page }) => {
  const signIn = new SignInPage(page);
  await page.goto(`${A}/sign-in`);
  await expect(signIn.signOnWith("Test IdP")).toBeVisible();
  await expect(signIn.username).toBeVisible();
  await keepScreenshot(page, "oidc-sign-in-page");
  expect(await violations(page)).toEqual([]);
});

test("an operator group's member signs in through the provider's form and lands with the mapped role", async ({
  page,
}) => {
  await signOn(page, A, "olga", "oidc-provider-login");
  await expect(page).toHaveURL(`${A}/p/main`);
  await expect(signedInAs(page)).toContainText("olga@example.test");
  await expect(signedInAs(page)).toContainText("Operator");
  await expect(page.getByRole("link", { name: "Audit" })).toHaveCount(0);
  await keepScreenshot(page, "oidc-signed-in-operator");
  // In project second her group gives her only the viewer's role.
  await page.goto(`${A}/p/second`);
  await expect(signedInAs(page)).toContainText("Viewer");
});

test("an admin group's member is an admin in every project and finds the sign-in in the audit trail", async ({
  page,
}) => {
  await signOn(page, A, "adam");
  await expect(page).toHaveURL(`${A}/p/main`);
  await expect(signedInAs(page)).toContainText("Admin");
  await page.getByRole("link", { name: "Audit" }).click();
  await expect(page.getByText("sub-adam").first()).toBeVisible();
  await keepScreenshot(page, "oidc-audit-row");
});

test("someone in no mapped group sees the no-access page naming the groups that would grant access", async ({
  page,
}) => {
  await signOn(page, A, "nina");
  await expect(page).toHaveURL(`${A}/no-access`);
  const groups = page.getByTestId("no-access-groups");
  await expect(groups).toContainText(
    "Members of any of these groups have access: lk-admins, lk-operators.",
  );
  await expect(groups).toContainText("Test IdP names you in no group.");
  expect(await violations(page)).toEqual([]);
  await keepScreenshot(page, "oidc-no-access");
});

test("the second instance accepts the session, and sees the sign-out made on the first", async ({
  page,
}) => {
  await signOn(page, A, "olga");
  await expect(page).toHaveURL(`${A}/p/main`);
  await page.goto(`${B}/p/main`);
  await expect(signedInAs(page)).toContainText("olga@example.test");
  await page.goto(`${A}/p/main`);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in\?signed-out=1/);
  // The cookie is gone from this browser; the token itself is refused on B too.
  await page.goto(`${B}/p/main`);
  await expect(page).toHaveURL(/\/sign-in/);
});

test("signing out at the provider ends the session on every instance (back-channel logout)", async ({
  page,
}) => {
  await signOn(page, A, "adam");
  await expect(page).toHaveURL(`${A}/p/main`);
  await page.goto(`${ISSUER}/session/end`);
  await page.getByRole("button", { name: "Yes, sign me out" }).click();
  await expect(page.getByText("You are signed out of Test Identity Provider.")).toBeVisible();
  await page.goto(`${A}/p/main`);
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto(`${B}/p/main`);
  await expect(page).toHaveURL(/\/sign-in/);
});

test("local passwords turned off: the page offers only the provider, and the password route refuses", async ({
  page,
  request,
}) => {
  operatorsFile({ passwords: false });
  try {
    const signIn = new SignInPage(page);
    await expect(async () => {
      await page.goto(`${A}/sign-in`);
      await expect(signIn.username).toHaveCount(0, { timeout: 1_000 });
    }).toPass();
    await expect(signIn.signOnWith("Test IdP")).toBeVisible();
    await keepScreenshot(page, "oidc-passwords-off");
    const res = await request.post(`${A}/api/auth/sign-in`, {
      data: { username: "ada", password: E2E_PASSWORD },
      headers: { origin: A },
    });
    expect(res.status()).toBe(403);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: "passwords_off" } });
  } finally {
    operatorsFile();
  }
});
