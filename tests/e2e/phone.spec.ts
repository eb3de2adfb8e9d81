import { expect, test, devices } from "@playwright/test";
import { E2E_KEYS, stateOf } from "../support/e2e-env";
import { PORTS } from "../support/ports";
import { sdk, uniqueRoom } from "../support/sdk";
import { keepScreenshot, screenName } from "./helpers";

const lk = sdk(PORTS.e2e, E2E_KEYS.apiKey, E2E_KEYS.apiSecret);
const { defaultBrowserType: _ignored, ...phone } = devices["Pixel 7"];

test.describe("on a 390-px phone", () => {
  test.use({ ...phone, viewport: { width: 390, height: 844 }, storageState: stateOf("oscar") });

  test("no page is wider than the screen; the header folds into a menu", async ({ page }) => {
    const room = uniqueRoom("phone");
    const { sid } = await lk.createRoom({ name: room, metadata: '{"topic":"on the go"}' });
    try {
      const wide: Record<string, number> = {};
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
        const width = await page.evaluate<number>("document.documentElement.scrollWidth");
        if (width > 390)
          console.log(
            path,
            await page.evaluate(
              `[...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > 392).map((e) => e.tagName + "." + String(e.className).slice(0, 60)).slice(0, 5).join(" | ")`,
            ),
          );
        if (width > 390) wide[path] = width;
        await keepScreenshot(page, `phone-${screenName(path)}`);
      }
      expect(wide).toEqual({});
      // The navigation is behind Menu, and it works.
      await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
      await page.getByRole("button", { name: "Menu" }).click();
      await keepScreenshot(page, "phone-menu");
      await page
        .getByRole("navigation", { name: "Main" })
        .getByRole("link", { name: "Rooms" })
        .click();
      await expect(page).toHaveURL(/\/p\/main\/rooms$/);
      await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
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
