import { readFileSync } from "node:fs";
import { expect, test } from "./fixtures";
import { E2E_KEYS, E2E_PASSWORD, E2E_SECOND_SECRET, stateOf } from "../support/e2e-env";
import { PORTS } from "../support/ports";
import { sdk, uniqueRoom } from "../support/sdk";
import { keepScreenshot, row, holdAppScripts, appStarted } from "./helpers";

const sharedCookie = (user: "oscar") =>
  (
    JSON.parse(readFileSync(stateOf(user), "utf8")) as {
      cookies: { name: string; value: string }[];
    }
  ).cookies.find((c) => c.name === "lka_session")!.value;

const main = sdk(PORTS.e2e, E2E_KEYS.apiKey, E2E_KEYS.apiSecret);
const second = sdk(PORTS.e2eSecond, E2E_KEYS.apiKey, E2E_SECOND_SECRET);

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("a visitor is sent to sign in, and lands back on the page asked for", async ({
    page,
    signInPage,
  }) => {
    await page.goto("/p/main/rooms?q=abc");
    await expect(page).toHaveURL(/\/sign-in\?next=/);
    await signInPage.signIn("vera", "not-it");
    await expect(page.getByText("Wrong username or password.")).toBeVisible();
    await expect(page.getByTestId("demo-credentials")).toHaveCount(0);
    await signInPage.password.fill(E2E_PASSWORD);
    await signInPage.submit.click();
    await expect(page).toHaveURL(/\/p\/main\/rooms\?q=abc$/);
    await expect(page.getByTestId("signed-in-as")).toHaveText("vera Viewer");
  });
});

test.describe("signed out, before the page's scripts run", () => {
  // The form posted by the browser itself (a click before hydration, or no JavaScript).
  test.use({ storageState: { cookies: [], origins: [] }, javaScriptEnabled: false });

  test("sign-in posts (the password never lands in an address) and lands on the page asked for", async ({
    page,
    signInPage,
  }) => {
    const addresses: string[] = [];
    page.on("request", (r) => addresses.push(r.url()));
    await page.goto("/p/main/rooms?q=abc");
    await expect(page).toHaveURL(/\/sign-in\?next=/);
    await signInPage.signIn("vera", "not-it");
    await expect(page).toHaveURL(/\/sign-in\?failed=unauthenticated&next=/);
    await expect(page.getByText("Wrong username or password.")).toBeVisible();
    // The page came back empty from the server: the username typed is kept (not in the
    // address), and the password is where the next key goes.
    expect(page.url()).not.toContain("vera");
    await expect(signInPage.username).toHaveValue("vera");
    await expect(signInPage.password).toBeFocused();
    await signInPage.password.fill(E2E_PASSWORD);
    await signInPage.submit.click();
    await expect(page).toHaveURL(/\/p\/main\/rooms\?q=abc$/);
    await expect(page.getByTestId("signed-in-as")).toHaveText("vera Viewer");
    expect(addresses.filter((a) => /password|not-it/.test(a) || a.includes(E2E_PASSWORD))).toEqual(
      [],
    );
  });
});

test.describe("signed out, typing before the page's scripts have run", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("what was typed is what signs in once the page has started", async ({
    page,
    signInPage,
  }) => {
    // The app's scripts are held until both fields are filled.
    const release = await holdAppScripts(page);
    // Not until "load": the held scripts, once asked for after the first paint, hold it back.
    await page.goto("/sign-in?next=%2Fp%2Fmain%2Frooms", { waitUntil: "domcontentloaded" });
    await signInPage.username.fill("vera");
    await signInPage.password.fill(E2E_PASSWORD);
    expect(await appStarted(page)).toBe(false);
    release();
    await expect.poll(() => appStarted(page)).toBe(true);
    await expect(signInPage.submit).toBeEnabled();
    await page.waitForTimeout(300);
    await signInPage.submit.click();
    await expect(page).toHaveURL(/\/p\/main\/rooms$/);
    await expect(page.getByTestId("signed-in-as")).toHaveText("vera Viewer");
  });
});

test.describe("a viewer", () => {
  test.use({ storageState: stateOf("vera") });

  test("sees the rooms but no create or delete controls", async ({ page }) => {
    const name = uniqueRoom("viewed");
    await main.createRoom({ name });
    await page.goto("/p/main/rooms");
    await expect(row(page, name)).toBeVisible();
    await expect(page.getByRole("button", { name: "Create room" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Delete room/ })).toHaveCount(0);
    await keepScreenshot(page, "viewer-rooms");
  });
});

test.describe("an operator", () => {
  // A session of this test's own: the shared one stays valid for the other specs.
  test.use({ storageState: { cookies: [], origins: [] } });

  test("signs out, and the old session no longer works anywhere", async ({ page, context }) => {
    const signIn = await page.request.post("/api/auth/sign-in", {
      data: { username: "oscar", password: E2E_PASSWORD },
    });
    expect(signIn.status()).toBe(200);
    await page.goto("/p/main/rooms");
    await expect(page.getByTestId("signed-in-as")).toHaveText("oscar Operator");
    const [old] = (await context.cookies()).filter((c) => c.name === "lka_session");
    expect(old).toBeDefined();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in\?signed-out=1/);
    await page.goto("/p/main/rooms");
    await expect(page).toHaveURL(/\/sign-in/);
    // The token itself is revoked, not just dropped by this browser.
    const replay = await page.request.get("/api/p/main/rooms", {
      headers: { cookie: `lka_session=${old!.value}` },
    });
    expect(replay.status()).toBe(401);
    // Another session of the same operator is untouched by this sign-out.
    const other = await page.request.get("/api/p/main/rooms", {
      headers: { cookie: `lka_session=${sharedCookie("oscar")}` },
    });
    expect(other.status()).toBe(200);
  });
});

test.describe("the project switcher", () => {
  test.use({ storageState: stateOf("ada") });

  test("changes which LiveKit the table lists, and the URL carries the project", async ({
    page,
  }) => {
    const onMain = uniqueRoom("main-only");
    const onSecond = uniqueRoom("second-only");
    await main.createRoom({ name: onMain });
    await second.createRoom({ name: onSecond });
    await page.goto("/p/main/rooms");
    await expect(row(page, onMain)).toBeVisible();
    await expect(row(page, onSecond)).toHaveCount(0);
    await expect(page.getByText(`127.0.0.1:${PORTS.e2e}`)).toBeVisible();

    // By keyboard: the button opens the list, Tab goes through its links, Enter follows one.
    // (The select it replaces switched project on a single arrow key.)
    const switcher = page.getByRole("button", { name: "Project main" });
    await switcher.focus();
    await page.keyboard.press("ArrowDown");
    await expect(page).toHaveURL(/\/p\/main\/rooms$/);
    await page.keyboard.press("Enter");
    const list = page.getByRole("list", { name: "Projects" });
    await expect(list.getByRole("link")).toHaveCount(2);
    await expect(list.getByRole("link", { name: "main Admin" })).toHaveAttribute(
      "aria-current",
      "true",
    );
    await expect(list.getByRole("link", { name: "second Admin" })).not.toHaveAttribute(
      "aria-current",
    );
    await keepScreenshot(page, "project-switcher-open");
    await page.keyboard.press("Tab");
    await expect(list.getByRole("link", { name: "main Admin" })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(list.getByRole("link", { name: "second Admin" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/p\/second\/rooms$/);
    await expect(list).toBeHidden();
    await expect(row(page, onSecond)).toBeVisible();
    await expect(row(page, onMain)).toHaveCount(0);
    await expect(page.getByText(`127.0.0.1:${PORTS.e2eSecond}`)).toBeVisible();
    await keepScreenshot(page, "project-second");
  });
});

test.describe("a session without the project", () => {
  test.use({ storageState: stateOf("sam") });

  test("gets not found, and only its own projects in the switcher", async ({ page }) => {
    const res = await page.goto("/p/main/rooms");
    expect(res?.status()).toBe(404);
    await page.goto("/");
    await expect(page).toHaveURL(/\/p\/second$/);
    await page.getByRole("button", { name: "Project second" }).click();
    const list = page.getByRole("list", { name: "Projects" });
    await expect(list.getByRole("link")).toHaveCount(1);
    await expect(list.getByRole("link", { name: "second Operator" })).toBeVisible();
  });
});
