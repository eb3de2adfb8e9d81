import { expect, test, devices, type Page } from "@playwright/test";
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
const { defaultBrowserType: _ignored, ...phone } = devices["Pixel 7"];

for (const colorScheme of ["light", "dark"] as const)
  test.describe(`on a 390-px phone, ${colorScheme} theme`, () => {
    test.use({
      ...phone,
      viewport: { width: 390, height: 844 },
      storageState: stateOf("oscar"),
      colorScheme,
      reducedMotion: "reduce",
    });

    test("every page fits the screen and has no serious accessibility violation", async ({
      page,
    }) => {
      const room = uniqueRoom("phone");
      const { sid } = await lk.createRoom({ name: room, metadata: '{"topic":"on the go"}' });
      try {
        const wide: Record<string, number> = {};
        const found: Record<string, string[]> = {};
        for (const path of [
          "/p/main",
          "/p/main/rooms",
          `/p/main/rooms/${room}`,
          "/p/main/attention",
          "/p/main/history",
          `/p/main/history/${sid}`,
        ]) {
          await page.goto(path);
          await expect(page.locator("main h1").first()).toBeVisible();
          await page.waitForTimeout(500);
          const width = await page.evaluate<number>("document.documentElement.scrollWidth");
          if (width > 390) wide[path] = width;
          // The dark walk: colour rules only (its structure is the light walk's).
          const v = await violations(page, colorScheme === "dark" ? { only: COLOUR_RULES } : {});
          if (v.length) found[path] = v;
          await keepScreenshot(page, `phone-${colorScheme}-${screenName(path)}`);
        }
        expect(wide).toEqual({});
        expect(found).toEqual({});
      } finally {
        await lk.deleteRoom(room).catch(() => undefined);
      }
    });
  });

test.describe("on a 390-px phone", () => {
  test.use({ ...phone, viewport: { width: 390, height: 844 }, storageState: stateOf("oscar") });

  test("the header folds into a menu; dialogs fit the screen", async ({ page }) => {
    const room = uniqueRoom("phone");
    await lk.createRoom({ name: room });
    try {
      // The Menu works from the first paint: the app's scripts are held back (as on a slow
      // first visit, when they load after that paint), and a tap opens it all the same.
      const release = await holdAppScripts(page);
      await page.goto("/p/main", { waitUntil: "domcontentloaded" });
      const nav = page.getByRole("navigation", { name: "Main" });
      const menu = page.getByRole("button", { name: "Menu" });
      await expect(nav).toBeHidden();
      await expectExpanded(page, "Menu", false);
      await menu.click();
      await expect(nav).toBeVisible();
      await expectExpanded(page, "Menu", true);
      await page.keyboard.press("Escape");
      await expect(nav).toBeHidden();
      // Opened again, then the app takes over the page: the menu stays open.
      await menu.click();
      expect(await appStarted(page)).toBe(false);
      release();
      // The header's launcher marks when the app has taken it over (it may be hidden).
      await expect(page.locator("button[aria-keyshortcuts]")).toHaveAttribute(
        "data-hydrated",
        "true",
      );
      await expect(nav).toBeVisible();
      // With the app running, choosing a page closes it.
      await keepScreenshot(page, "phone-menu");
      await nav.getByRole("link", { name: "Rooms", exact: true }).click();
      await expect(page).toHaveURL(/\/p\/main\/rooms$/);
      await expect(nav).toBeHidden();
      // A dialog's buttons are on the screen.
      await page.getByRole("button", { name: `Delete room ${room}` }).click();
      const dialog = page.getByRole("alertdialog");
      for (const name of ["Cancel", "Delete room"]) {
        const box = (await dialog.getByRole("button", { name }).boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(390);
      }
      await keepScreenshot(page, "phone-delete-dialog");
    } finally {
      await lk.deleteRoom(room).catch(() => undefined);
    }
  });
});

/**
 * That the browser tells assistive technology the button `name` is (or is not) expanded, read
 * from Chromium's accessibility tree: a popover's button has no aria-expanded attribute to read.
 */
async function expectExpanded(page: Page, name: string, expanded: boolean): Promise<void> {
  await expect
    .poll(() => expandedOf(page, name), {
      message: `the accessibility tree says "${name}" is ${expanded ? "" : "not "}expanded`,
    })
    .toBe(expanded);
}

/**
 * The expanded state of the header's popover button (checked to be the button `name`), from its
 * node in Chromium's accessibility tree. Read with getPartialAXTree, which brings the tree up to
 * date and answers at once: queryAXTree waits for a scheduled update instead, and in fresh-clone
 * runs that update never came once the menu had opened (no answer for 30–88 s while the page
 * kept painting).
 */
async function expandedOf(
  page: Page,
  name: string,
): Promise<boolean | undefined | "not that button"> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send("DOM.getDocument", { depth: 0 });
    const { nodeId } = await cdp.send("DOM.querySelector", {
      nodeId: root.nodeId,
      selector: `button[popovertarget="header-menu"]`,
    });
    const { nodes } = await cdp.send("Accessibility.getPartialAXTree", {
      nodeId,
      fetchRelatives: false,
    });
    const node = nodes[0];
    if (node?.role?.value !== "button" || node.name?.value !== name) return "not that button";
    const property = node.properties?.find((p) => p.name === "expanded");
    return property?.value.value as boolean | undefined;
  } finally {
    await cdp.detach();
  }
}

test.describe("on a 1280×720 laptop", () => {
  test.use({ viewport: { width: 1280, height: 720 }, storageState: stateOf("ada") });

  test("every page fits the width and the header stays one row", async ({ page }) => {
    const wide: Record<string, number> = {};
    const tall: Record<string, number> = {};
    for (const path of [
      "/p/main",
      "/p/main/rooms",
      "/p/main/attention",
      "/p/main/history",
      "/p/main/audit",
    ]) {
      await page.goto(path);
      await expect(page.locator("main h1").first()).toBeVisible();
      const width = await page.evaluate<number>("document.documentElement.scrollWidth");
      if (width > 1280) wide[path] = width;
      const header = (await page.locator("header").boundingBox())!.height;
      if (header > 64) tall[path] = header;
      await keepScreenshot(page, `laptop-${screenName(path)}`);
    }
    expect(wide).toEqual({});
    expect(tall).toEqual({});
  });
});
