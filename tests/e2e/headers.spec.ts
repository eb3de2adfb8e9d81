import http from "node:http";
import { expect, test } from "@playwright/test";
import { E2E, E2E_PASSWORD, stateOf } from "../support/e2e-env";
import { cookieOf } from "../support/server-actions";

/**
 * Response headers, forwarded headers and cross-site requests (issue 13). The main app trusts no
 * proxy; the fault app runs with TRUST_PROXY=127.0.0.1, as behind a proxy on the same host.
 */
test.use({ storageState: stateOf("ada") });

const PAGES = [
  "/sign-in",
  "/p/main/rooms",
  "/p/main/attention",
  "/p/main/audit",
  "/p/main/rooms/x",
];

test("every page carries a nonce CSP, Permissions-Policy and anti-framing headers, and its scripts run", async ({
  page,
  request,
  playwright,
  baseURL,
}) => {
  for (const path of PAGES) {
    const res = await request.get(path);
    const h = res.headers();
    expect(h["content-security-policy"], path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(h["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(h["permissions-policy"], path).toContain("camera=()");
    expect(h["permissions-policy"], path).toContain("microphone=()");
    expect(h["x-frame-options"], path).toBe("DENY");
    expect(h["x-robots-tag"], path).toBe("noindex, nofollow");
    expect(h["strict-transport-security"], path).toBeUndefined(); // plain HTTP here
  }
  // The JSON routes skip the pages' proxy (no nonce to give), and keep the headers that guard
  // every answer: never framed, never sniffed as HTML, never stored.
  const api = await request.get("/api/p/main/rooms");
  expect(api.status()).toBe(200);
  expect(api.headers()["x-frame-options"]).toBe("DENY");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
  expect(api.headers()["cache-control"]).toBe("no-store");
  expect(api.headers()["content-type"]).toContain("application/json");
  expect(await (await request.get("/robots.txt")).text()).toBe("User-agent: *\nDisallow: /\n");
  // A link pasted into chat unfurls with an absolute preview image that is really there: the
  // bot that fetches it has no session, so it lands on the sign-in page, which gives it.
  const bot = await playwright.request.newContext({
    baseURL,
    storageState: { cookies: [], origins: [] },
  });
  const unfurled = await bot.get("/p/main/rooms");
  expect(new URL(unfurled.url()).pathname).toBe("/sign-in");
  const signIn = await unfurled.text();
  await bot.dispose();
  expect(signIn).toContain('<meta name="robots" content="noindex, nofollow"');
  const image = /<meta property="og:image" content="([^"]+)"/.exec(signIn)?.[1];
  expect(image).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/og\.png$/);
  // Only there: a signed-in page has no preview to give (whoever unfurls has no session).
  const rooms = await request.get("/p/main/rooms");
  expect(rooms.status()).toBe(200);
  expect(await rooms.text()).toContain("<title>Rooms · LiveKit Admin</title>");
  expect(await rooms.text()).not.toContain("og:image");
  const png = await request.get(image!);
  expect(png.headers()["content-type"]).toBe("image/png");
  expect((await png.body()).subarray(1, 4).toString()).toBe("PNG");
  // With the nonce in place the app still hydrates: a client-side control works.
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.goto("/p/main/rooms");
  await page.getByRole("button", { name: "Create room" }).click();
  await expect(page.getByRole("dialog", { name: "Create room" })).toBeVisible();
  expect(violations).toEqual([]);
});

test("behind a trusted proxy: HSTS and a __Host- cookie over HTTPS, and the forwarded address is recorded", async ({
  request,
}) => {
  const over = { "x-forwarded-proto": "https", "x-forwarded-host": "console.example" };
  const res = await request.post(`${E2E.faultApp}/api/auth/sign-in`, {
    data: { username: "root", password: E2E_PASSWORD },
    headers: { ...over, origin: "https://console.example", "x-forwarded-for": "203.0.113.77" },
  });
  expect(res.status()).toBe(200);
  expect(res.headers()["set-cookie"]).toMatch(/^__Host-lka_session=ey.*; Secure/);
  const page = await request.get(`${E2E.faultApp}/sign-in`, { headers: over });
  expect(page.headers()["strict-transport-security"]).toMatch(/max-age=\d+/);
  const csv = await request.get(`${E2E.faultApp}/api/p/default/audit/csv?action=auth.sign-in`, {
    headers: { cookie: `lka_session=${cookieOf(stateOf("root"))}` },
  });
  expect(await csv.text()).toContain("203.0.113.77");
});

/** A sign-in from another loopback address (127.0.0.2), so locking it spares the other specs. */
function signInFrom(localAddress: string, body: unknown, headers: Record<string, string>) {
  return new Promise<number>((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = http.request(
      `${E2E.app}/api/auth/sign-in`,
      {
        method: "POST",
        localAddress,
        headers: { "content-type": "application/json", origin: E2E.app, ...headers },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}

test("with no trusted proxy, a client's X-Forwarded-For is ignored: the socket's address counts", async ({
  request,
}) => {
  // From another loopback address (127.0.0.2), so its failures touch no other spec's address.
  for (let i = 0; i < 2; i++) {
    await signInFrom(
      "127.0.0.2",
      { username: `nobody-${i}`, password: "wrong" },
      { "x-forwarded-for": `198.51.100.${i}` },
    );
  }
  const csv = await request.get("/api/p/main/audit/csv?action=auth.sign-in&outcome=failed");
  const text = await csv.text();
  expect(text).not.toContain("198.51.100.");
  expect(text).toContain('"127.0.0.2","failed","unauthenticated"'); // the socket's address
});

test("server actions refuse a foreign Origin even when X-Forwarded-Host agrees with it (no trusted proxy)", async ({
  request,
}) => {
  const res = await request.post("/p/main/rooms", {
    headers: {
      "Next-Action": "00",
      "Content-Type": "text/plain;charset=UTF-8",
      origin: "http://evil.example",
      "x-forwarded-host": "evil.example",
      cookie: `lka_session=${cookieOf(stateOf("oscar"))}`,
    },
    data: JSON.stringify([{ project: "main", name: "from-evil" }]),
  });
  expect(res.status()).toBe(403);
});
