import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, openSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type BrowserContext } from "@playwright/test";
import {
  E2E,
  E2E_HASH,
  E2E_KEYS,
  E2E_PASSWORD,
  E2E_SECOND_SECRET,
  E2E_SESSION_SECRET,
  stateOf,
} from "../support/e2e-env";
import { sdk, uniqueRoom } from "../support/sdk";
import { PORTS } from "../support/ports";
import { builtActions, cookieOf } from "../support/server-actions";

/**
 * The build is safe whatever serves it (issue 35): under Next's own server it sets its page
 * policy and refuses, plainly, what it cannot do safely (sign-in and actions need the client's
 * real address); under the console's server the same headers hold and nothing a client writes
 * stands in for what the server decided.
 */
const LOGS = path.resolve(__dirname, "../../test-results/served");
const NEXT_START = `http://127.0.0.1:${PORTS.e2eNextStart}`;
const SERVED_WRONG = /served without its own server.*npm start/;

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** A request from a chosen loopback address, with headers exactly as given. */
function send(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string; from?: string },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: opts.method ?? "GET", headers: opts.headers, localAddress: opts.from },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(opts.body);
  });
}

const signIn = (base: string, from: string, password: string, extra: Record<string, string> = {}) =>
  send(`${base}/api/auth/sign-in`, {
    method: "POST",
    from,
    headers: { "content-type": "application/json", origin: base, ...extra },
    body: JSON.stringify({ username: "root", password }),
  });

/** A loopback address of this run's own, so locks from an earlier local run never meet it. */
const someLoopback = () =>
  `127.${1 + Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}.${2 + Math.floor(Math.random() * 250)}`;

test.describe("served by Next's own server (next start)", () => {
  let server: ChildProcess | undefined;

  test.beforeAll(async () => {
    mkdirSync(LOGS, { recursive: true });
    const out = openSync(path.join(LOGS, "next-start.log"), "a");
    // The deployment folder's server.js is Next's own standalone server: `next start` for it.
    server = spawn("node", [".next/standalone/server.js"], {
      env: {
        ...process.env,
        PORT: String(PORTS.e2eNextStart),
        HOSTNAME: "127.0.0.1",
        NEXT_TELEMETRY_DISABLED: "1",
        SESSION_SECRET: E2E_SESSION_SECRET,
        LIVEKIT_URL: `ws://127.0.0.1:${PORTS.e2e}`,
        LIVEKIT_API_KEY: E2E_KEYS.apiKey,
        LIVEKIT_API_SECRET: E2E_KEYS.apiSecret,
        ADMIN_USERNAME: "root",
        ADMIN_PASSWORD_HASH: E2E_HASH,
        LIVEKIT_ADMIN_DATA_DIR: mkdtempSync(path.join(tmpdir(), "lka-next-start-")),
        // What a client might send is no proof: the console's server makes its own each start.
        LKA_SERVER_PROOF: "",
      },
      stdio: ["ignore", out, out],
      detached: true,
    });
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${NEXT_START}/api/health`)).ok) break;
      } catch {
        /* not yet */
      }
      if (i > 300) throw new Error("Next's own server did not answer in 60 s");
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  test.afterAll(() => {
    if (server?.pid) process.kill(-server.pid, "SIGKILL");
  });

  test("pages carry the nonce policy; sign-in and actions refuse plainly, whatever the client claims", async ({
    page,
  }) => {
    const signInPage = await send(`${NEXT_START}/sign-in`, {});
    expect(signInPage.status).toBe(200);
    expect(signInPage.headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-/);
    const nonce = /'nonce-([^']+)'/.exec(String(signInPage.headers["content-security-policy"]))![1];
    expect(signInPage.body).toContain(`nonce="${nonce}"`);
    // The page says what is wrong and what to run, before anyone types a password.
    await page.goto(`${NEXT_START}/sign-in`);
    await expect(page.getByText(SERVED_WRONG)).toBeVisible();
    // Tried anyway: refused, and the page still says it once (not again under the form).
    await page.getByLabel("Username").fill("vera");
    await page.getByLabel("Password").fill(E2E_PASSWORD);
    const refused = page.waitForResponse((r) => r.url().endsWith("/api/auth/sign-in"));
    await page.getByRole("button", { name: "Sign in" }).click();
    await refused;
    await expect(page.getByText(SERVED_WRONG)).toHaveCount(1);
    await expect(page).toHaveURL(/\/sign-in/);
    // The right password, with every header a client could use to pose as the console's server.
    const everyClaim: Record<string, string>[] = [
      {},
      { "x-lka-client-address": "10.9.8.7", "x-lka-proof": "guessed" },
      {
        "x-forwarded-for": "10.9.8.7",
        "x-forwarded-proto": "https",
        "x-forwarded-host": "x.example",
      },
    ];
    for (const claims of everyClaim) {
      const res = await signIn(NEXT_START, "127.0.0.1", E2E_PASSWORD, claims);
      expect(res.status, JSON.stringify(claims)).toBe(503);
      expect(JSON.parse(res.body)).toMatchObject({
        ok: false,
        error: { code: "served_wrong", message: expect.stringMatching(SERVED_WRONG) },
      });
      expect(res.headers["set-cookie"]).toBeUndefined();
    }
    // A server action is refused before Next runs it, with the same words.
    const action = builtActions({ project: "default", room: "x" }).find(
      (a) => a.name === "createRoom",
    )!;
    const called = await send(`${NEXT_START}${action.page}`, {
      method: "POST",
      headers: {
        "next-action": action.id,
        "content-type": "text/plain;charset=UTF-8",
        origin: NEXT_START,
      },
      body: JSON.stringify([{ project: "default", name: "from-next-start" }]),
    });
    expect(called.status).toBe(503);
    expect(called.body).toMatch(SERVED_WRONG);
  });
});

test.describe("served by the console's own server", () => {
  test("pages carry the nonce policy, and a made-up x-lka-* or X-Forwarded-For changes nothing", async ({
    request,
  }) => {
    const page = await send(`${E2E.app}/sign-in`, {
      headers: { "x-lka-proto": "https", "x-lka-proof": "guessed" },
    });
    expect(page.headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-/);
    expect(page.headers["strict-transport-security"]).toBeUndefined();
    expect(page.body).not.toContain("served without its own server");
    // A failed sign-in from one address posing as another: recorded under its own.
    const from = someLoopback();
    const res = await signIn(E2E.app, from, "wrong", {
      "x-lka-client-address": "10.9.8.7",
      "x-lka-proof": "guessed",
      "x-forwarded-for": "10.9.8.6",
    });
    expect(res.status).toBe(401);
    const csv = await request.get("/api/p/main/audit/csv?action=auth.sign-in&outcome=failed", {
      headers: { cookie: `lka_session=${cookieOf(stateOf("ada"))}` },
    });
    const text = await csv.text();
    expect(text).toContain(`"${from}"`);
    expect(text).not.toContain("10.9.8.");
  });

  test("two clients at different loopback addresses are throttled separately", async () => {
    test.setTimeout(120_000);
    const guesser = someLoopback();
    const owner = someLoopback();
    // The address rule: 20 failures from one address for any users lock that address.
    let last = 0;
    for (let i = 0; i < 21; i++) {
      const r = await send(`${E2E.faultApp}/api/auth/sign-in`, {
        method: "POST",
        from: guesser,
        headers: { "content-type": "application/json", origin: E2E.faultApp },
        body: JSON.stringify({ username: `guess-${i}`, password: "wrong" }),
      });
      last = r.status;
    }
    expect(last).toBe(429);
    expect((await signIn(E2E.faultApp, guesser, E2E_PASSWORD)).status).toBe(429);
    expect((await signIn(E2E.faultApp, owner, E2E_PASSWORD)).status).toBe(200);
  });
});

test.describe("a button painted is a button that works", () => {
  test.use({ storageState: { cookies: [], origins: [] } });
  // 20 loads each, as the house issue asks (about a minute for both here; CLICK_LOADS changes it).
  const LOADS = Number(process.env.CLICK_LOADS ?? 20);

  /** A page with its CPU slowed 4× (kept across its navigations). */
  async function slowPage(context: BrowserContext) {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    return page;
  }

  test("with the CPU slowed 4×, Create room and a table header work the moment they are painted, on every load", async ({
    browser,
  }) => {
    test.setTimeout(60_000 + LOADS * 15_000);
    const context = await browser.newContext();
    const res = await context.request.post(`${E2E.app}/api/auth/sign-in`, {
      data: { username: "sam", password: E2E_PASSWORD },
      headers: { origin: E2E.app },
    });
    expect(res.status()).toBe(200);
    // The second project (sam operates it) holds few rooms: the load is the page, not its rows.
    // One room of its own, so the table (and its headers) is there.
    const second = sdk(PORTS.e2eSecond, E2E_KEYS.apiKey, E2E_SECOND_SECRET);
    const room = uniqueRoom("click");
    await second.createRoom({ name: room });
    const first = await context.newPage();
    await first.goto(`${E2E.app}/p/second/rooms`);
    await expect(first.locator(`tr[data-room="${room}"]`)).toBeVisible();
    await first.close();
    const page = await slowPage(context);
    const lost: string[] = [];
    for (let i = 1; i <= LOADS; i++) {
      // Navigation returns at the first bytes; the click goes as soon as the button is there.
      await page.goto(`${E2E.app}/p/second/rooms`, { waitUntil: "commit" });
      await page.getByRole("button", { name: "Create room" }).click();
      const opened = await page
        .getByRole("dialog", { name: "Create room" })
        .waitFor({ timeout: 5_000 })
        .then(() => true)
        .catch(() => false);
      if (!opened) lost.push(`Create room, load ${i}`);
      console.log(`click test: Create room, load ${i}: ${opened ? "opened" : "LOST"}`);
      await page.goto(`${E2E.app}/p/second/rooms`, { waitUntil: "commit" });
      await page.getByRole("link", { name: "Max participants" }).click();
      await page
        .waitForURL(/sort=maxParticipants/, { timeout: 5_000 })
        .catch(() => lost.push(`header, load ${i}`));
    }
    await context.close();
    await second.deleteRoom(room);
    expect(lost).toEqual([]);
  });

  test("with the CPU slowed 4×, sign-in typed and sent the moment its form is painted works on every load", async ({
    browser,
  }) => {
    test.setTimeout(60_000 + LOADS * 15_000);
    const context = await browser.newContext();
    const page = await slowPage(context);
    const lost: string[] = [];
    for (let i = 1; i <= LOADS; i++) {
      await context.clearCookies();
      await page.goto(`${E2E.app}/sign-in`, { waitUntil: "commit" });
      await page.getByLabel("Username").fill("vera");
      await page.getByLabel("Password").fill(E2E_PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page
        .waitForURL(/\/p\//, { timeout: 10_000 })
        .catch(() => lost.push(`sign-in, load ${i}`));
    }
    await context.close();
    expect(lost).toEqual([]);
  });
});
