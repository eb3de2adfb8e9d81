import { expect, test } from "@playwright/test";
import { E2E_KEYS, stateOf } from "../support/e2e-env";
import { PORTS } from "../support/ports";
import { sdk, uniqueRoom } from "../support/sdk";
import {
  appStarted,
  COLOUR_RULES,
  holdAppScripts,
  keepScreenshot,
  screenName,
  violations,
} from "./helpers";

const lk = sdk(PORTS.e2e, E2E_KEYS.apiKey, E2E_KEYS.apiSecret);

let room: string;
let sid: string;
test.beforeAll(async () => {
  room = uniqueRoom("a11y");
  sid = (await lk.createRoom({ name: room, metadata: '{"topic":"a11y"}' })).sid;
});
test.afterAll(async () => {
  await lk.deleteRoom(room).catch(() => undefined);
});

const pages = () => [
  "/p/main",
  "/p/main/rooms",
  `/p/main/rooms/${encodeURIComponent(room)}`,
  "/p/main/attention",
  "/p/main/recordings",
  "/p/main/history",
  `/p/main/history/${sid}`,
  "/p/main/streams",
];

// Roles only add controls (an admin sees everything an operator does, and the audit page; a
// viewer sees no selection column or change buttons), so the admin and the viewer cover every
// page's structure between them; the dark theme changes only colours, so the admin's pages
// (every control there is) cover its contrast. Six role × theme runs took ~6 minutes here. The
// dark walk runs axe's colour rules only: its structure is the light walk's, checked above.
for (const [user, colorScheme] of [
  ["ada", "light"],
  ["vera", "light"],
  ["ada", "dark"],
] as const) {
  test.describe(`as ${user}, ${colorScheme} theme`, () => {
    test.use({ storageState: stateOf(user), colorScheme });

    test("every page: no serious or critical accessibility violation", async ({ page }) => {
      const found: Record<string, string[]> = {};
      for (const path of [...pages(), ...(user === "ada" ? ["/p/main/audit"] : [])]) {
        await page.goto(path);
        await expect(page.locator("main h1").first()).toBeVisible();
        // Live data and lazy sections settle first (the charts load after the page).
        await page.waitForTimeout(1_000);
        const v = await violations(page, colorScheme === "dark" ? { only: COLOUR_RULES } : {});
        if (v.length) found[path] = v;
        if (user === "ada") await keepScreenshot(page, `${colorScheme}-${screenName(path)}`);
      }
      expect(found).toEqual({});
    });
  });
}

test.describe("before the app's scripts run", () => {
  test.use({ storageState: stateOf("ada") });

  // The server's HTML is on screen and usable before the app starts (a frame later on a warm
  // visit, longer on a first one), with its placeholders: the History charts' loading state,
  // for one, was a plain div with aria-label (axe's aria-prohibited-attr), seen only when the
  // page test happened to look while the charts loaded.
  test("every page as the server sends it: no serious or critical violation", async ({ page }) => {
    await holdAppScripts(page);
    const found: Record<string, string[]> = {};
    for (const path of [...pages(), "/p/main/audit"]) {
      await page.goto(path, { waitUntil: "domcontentloaded" });
      await expect(page.locator("main h1").first()).toBeVisible();
      expect(await appStarted(page)).toBe(false);
      const v = await violations(page);
      if (v.length) found[path] = v;
    }
    expect(found).toEqual({});
    // The charts' placeholder was among what was checked.
    await page.goto("/p/main/history", { waitUntil: "domcontentloaded" });
    await expect(page.getByRole("status").filter({ hasText: "Loading charts…" })).toBeAttached();
  });
});

for (const colorScheme of ["light", "dark"] as const)
  test.describe(`dialogs, ${colorScheme} theme`, () => {
    // Reduced motion: axe samples colours, and a button mid-transition has neither end's.
    test.use({ storageState: stateOf("oscar"), colorScheme, reducedMotion: "reduce" });

    test("create, delete, send data and metadata dialogs: no serious or critical violation", async ({
      page,
    }) => {
      const found: Record<string, string[]> = {};
      const check = async (name: string) => {
        const v = await violations(page, colorScheme === "dark" ? { only: COLOUR_RULES } : {});
        if (v.length) found[name] = v;
      };
      await page.goto("/p/main/rooms");
      await page.getByRole("button", { name: "Create room" }).click();
      await expect(page.getByRole("dialog", { name: "Create room" })).toBeVisible();
      await check("create room");
      await page.keyboard.press("Escape");
      await page.getByRole("button", { name: `Delete room ${room}` }).click();
      await expect(page.getByRole("alertdialog").locator("[data-impact]")).toBeVisible();
      await check("delete room");
      await page.keyboard.press("Escape");
      await page.goto(`/p/main/rooms/${encodeURIComponent(room)}`);
      await page.getByRole("button", { name: "Send data" }).click();
      await expect(page.getByRole("dialog")).toBeVisible();
      await check("send data");
      await page.keyboard.press("Escape");
      await page.getByRole("button", { name: "Edit metadata" }).click();
      await expect(page.getByRole("dialog")).toBeVisible();
      await check("edit metadata");
      await keepScreenshot(page, `metadata-dialog-${colorScheme}`);
      expect(found).toEqual({});
    });
  });

for (const colorScheme of ["light", "dark"] as const)
  test.describe(`signed out, ${colorScheme} theme`, () => {
    test.use({ storageState: { cookies: [], origins: [] }, colorScheme });

    test("the sign-in page: no serious or critical violation", async ({ page }) => {
      await page.goto("/sign-in");
      expect(await violations(page)).toEqual([]);
    });
  });
