import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";

/** Screenshots that are kept after the run, for people to look at. */
export const SCREENSHOT_DIR = path.resolve(__dirname, "../../test-results/screenshots");

export async function keepScreenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}

export const row = (page: Page, name: string) => page.locator(`tr[data-room="${name}"]`);
