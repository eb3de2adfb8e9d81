import { mkdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { startTraffic } from "@/scripts/demo/traffic";
import { E2E, E2E_KEYS } from "../support/e2e-env";

/** Screenshots that are kept after the run, for people to look at. */
export const SCREENSHOT_DIR = path.resolve(__dirname, "../../test-results/screenshots");

export async function keepScreenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}

/** A file-name-safe name for a project page's path ("/p/main/rooms/x" → "rooms-x"). */
export const screenName = (path: string) =>
  path
    .split("/")
    .slice(3)
    .join("-")
    .replace(/[^a-z0-9-]/gi, "") || "overview";

export const row = (page: Page, name: string) => page.locator(`tr[data-room="${name}"]`);

/** Two demo participants (the demo traffic engine itself) who stay in `room` until stopped. */
export function twoDemoParticipants(room: string) {
  return startTraffic({
    ...E2E_KEYS,
    wsUrl: E2E.livekitWs,
    rooms: [room],
    min: 2,
    max: 2,
    churnEverySec: 3600,
    log: () => {},
  });
}

/** Serious and critical accessibility violations on what the page shows now, named for the report. */
/** Axe's rules about colour alone: what a theme changes (its walk checks only these). */
export const COLOUR_RULES = ["color-contrast", "link-in-text-block"];

export async function violations(page: Page, opts: { only?: string[] } = {}) {
  // Rows past the 20th of any table repeat the structure and colours of those before them:
  // the audit page's 200 rows took axe 20 s here, the rest of the page 2 s.
  let axe = new AxeBuilder({ page }).exclude("tbody tr:nth-child(n+21)");
  if (opts.only) axe = axe.withRules(opts.only);
  const { violations } = await axe.analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes[0]!.target.join(" ")}`);
}

/**
 * Holds the app's script files until the returned function is called: the page shows its
 * server HTML and takes input, as it does before its scripts run (longest on a first visit).
 */
export async function holdAppScripts(page: Page): Promise<() => void> {
  let release = () => {};
  const released = new Promise<void>((r) => (release = r));
  await page.route("**/_next/static/chunks/*.js", async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

/** Whether the app has started (Next sets window.next when it does). */
export const appStarted = (page: Page) =>
  page.evaluate<boolean>("typeof window.next !== 'undefined'");
