import { expect, test } from "@playwright/test";
import { E2E, E2E_KEYS, stateOf } from "../support/e2e-env";
import { startCountingProxy } from "../support/counting-proxy";
import { startLiveKit, type LiveKitServer } from "../support/livekit";
import { PORTS } from "../support/ports";
import { sdk } from "../support/sdk";
import { keepScreenshot, row } from "./helpers";
import { FIRST_PAINT_ROWS, firstPaintRows } from "../../lib/rooms/table-state";

// This app (port 3101) talks to a LiveKit that these tests start, stop and restart.
test.use({ baseURL: E2E.faultApp, storageState: stateOf("root") });

let server: LiveKitServer | undefined;
test.afterEach(async () => {
  await server?.stop();
  server = undefined;
});

// The first two run before this console has ever read LiveKit (no test before them lets it):
// with no good list to fall back on, a first load can only say what is wrong.
test("a first load while LiveKit is down explains itself", async ({ page }) => {
  // The console has noticed (its shared snapshot is at most one refresh behind LiveKit).
  await expect
    .poll(async () => (await (await page.request.get("/api/p/default/rooms")).json()) as unknown, {
      timeout: 15_000,
    })
    .toMatchObject({ ok: false, error: { code: "unreachable" } });
  await page.goto("/p/default/rooms");
  const banner = page.locator("[data-banner=unreachable]");
  await expect(banner).toContainText("LiveKit is unreachable");
  await expect(banner).toContainText("No rooms could be loaded yet");
  await expect(page.getByTestId("room-count")).toHaveText("No rooms loaded");
});

test("a first load with a refused key says one true thing, not 'Loading rooms'", async ({
  page,
}) => {
  server = await startLiveKit({
    port: PORTS.e2eFault,
    apiKey: E2E_KEYS.apiKey,
    apiSecret: "a-different-secret-of-at-least-32-chars",
  });
  await page.goto("/p/default/rooms");
  await expect(page.locator("[data-banner=unauthorized]")).toContainText(
    "LiveKit refused the API key",
  );
  await expect(page.getByTestId("room-count")).toHaveText("No rooms loaded");
  await page.waitForTimeout(3_000); // a few polls later, still the same one thing
  await expect(page.getByTestId("room-count")).toHaveText("No rooms loaded");
});

test("LiveKit down, then refusing the key, then back: the banner says which, the last list stays searchable, it recovers", async ({
  page,
}) => {
  server = await startLiveKit({ port: PORTS.e2eFault, ...E2E_KEYS });
  await sdk(PORTS.e2eFault, E2E_KEYS.apiKey, E2E_KEYS.apiSecret).createRoom({
    name: "before-outage",
  });
  await page.goto("/p/default/rooms");
  await expect(row(page, "before-outage")).toBeVisible();

  await server.stop();
  const banner = page.locator("[data-banner]");
  await expect(banner).toContainText("LiveKit is unreachable");
  await expect(banner).toBeVisible();
  await expect(banner).toContainText(`Cannot reach LiveKit at ${E2E.faultLivekitUrl}`);
  await expect(page.getByText("stale", { exact: true })).toBeVisible();
  await expect(row(page, "before-outage")).toBeVisible();
  await keepScreenshot(page, "livekit-unreachable");
  // The server answers searches from its last good list meanwhile, still marked stale.
  const search = page.getByLabel("Search rooms by name");
  await search.fill("no-such-room");
  await expect(page.getByText("No rooms match “no-such-room”.")).toBeVisible();
  await search.fill("before");
  await expect(row(page, "before-outage")).toBeVisible();
  await expect(page.getByTestId("room-count")).toHaveText("1 of 1 room");
  await expect(page.getByText("stale", { exact: true })).toBeVisible();
  await expect(banner).toContainText("Showing the rooms as LiveKit last listed them");
  await keepScreenshot(page, "livekit-unreachable-search");
  await search.fill("");

  server = await startLiveKit({
    port: PORTS.e2eFault,
    apiKey: E2E_KEYS.apiKey,
    apiSecret: "a-different-secret-of-at-least-32-chars",
  });
  const refused = page.locator("[data-banner=unauthorized]");
  await expect(refused).toContainText("LiveKit refused the API key");
  await expect(refused).toContainText("LIVEKIT_API_SECRET");
  await server.stop();

  server = await startLiveKit({ port: PORTS.e2eFault, ...E2E_KEYS });
  await expect(page.locator("[data-banner]")).toHaveCount(0);
  // A restarted dev server keeps no rooms: the empty state says how to make one.
  await expect(page.getByText("No rooms on this server right now")).toBeVisible();
  await expect(page.getByText(/live · updated/)).toBeVisible();
});

test("a LiveKit slow to list: the console reads less often and says so with the numbers", async ({
  page,
}) => {
  // 1.3 s a list, at a 2 s refresh: read again at once, LiveKit would list 65 % of the time.
  server = await startLiveKit({ port: PORTS.e2eFaultUpstream, ...E2E_KEYS });
  const slow = await startCountingProxy(server.url, { delayMs: 1_300, port: PORTS.e2eFault });
  try {
    await page.goto("/p/default/rooms");
    const note = page.locator("[data-slow]");
    await expect(note).toHaveText(
      /^LiveKit took 1\.\d s to list the rooms\. To spare it, the console now refreshes every (2\.[6-9]|3\.\d) s instead of every 2 s\.$/,
      { timeout: 15_000 },
    );
    await keepScreenshot(page, "livekit-slow");
    // Twice the list's time from one start to the next: at most one list per 2.6 s.
    slow.reset();
    await page.waitForTimeout(10_400);
    expect(slow.calls("ListRooms")).toBeGreaterThanOrEqual(2);
    expect(slow.calls("ListRooms")).toBeLessThanOrEqual(5);
    expect(slow.maxInFlight("ListRooms")).toBe(1);
  } finally {
    await slow.close();
  }
  // Quick again: after three quick lists in a row, the period and the page return to normal.
  const fast = await startCountingProxy(server.url, { port: PORTS.e2eFault });
  try {
    await expect(page.locator("[data-slow]")).toHaveCount(0, { timeout: 20_000 });
  } finally {
    await fast.close();
  }
});

test("needs attention words a room's age and its reason with one clock", async ({ page }) => {
  server = await startLiveKit({ port: PORTS.e2eFault, ...E2E_KEYS });
  await sdk(PORTS.e2eFault, E2E_KEYS.apiKey, E2E_KEYS.apiSecret).createRoom({
    name: "one-clock",
    emptyTimeout: 3600,
  });
  await page.goto("/p/default/attention?reason=too_old");
  const line = row(page, "one-clock");
  await expect(line).toContainText("Open for", { timeout: 20_000 });
  // Sampled repeatedly: both figures come from the same render, so they always agree.
  for (let i = 0; i < 5; i++) {
    const cells = await line.locator("td").allTextContents();
    const text = cells.join(" | ");
    const age = cells.map((c) => /^(\d+) s ago$/.exec(c.trim())?.[1]).find(Boolean);
    const open = /Open for (\d+) s/.exec(text)?.[1];
    expect(open, text).toBeDefined();
    expect(age, text).toBe(open);
    await page.waitForTimeout(700);
  }
});

test("stays usable with 1,000 rooms", async ({ page }) => {
  server = await startLiveKit({ port: PORTS.e2eFault, ...E2E_KEYS });
  const lk = sdk(PORTS.e2eFault, E2E_KEYS.apiKey, E2E_KEYS.apiSecret);
  const names = Array.from({ length: 1000 }, (_, i) => `load-${String(i).padStart(4, "0")}`);
  for (let i = 0; i < names.length; i += 50) {
    await Promise.all(names.slice(i, i + 50).map((name) => lk.createRoom({ name })));
  }
  await page.goto("/p/default/rooms");
  await expect(page.getByTestId("room-count")).toHaveText("1,000 rooms");
  await expect(page.getByText("page 1 of 10")).toBeVisible();
  await expect(page.locator("tbody tr")).toHaveCount(100);
  // The first HTML draws the rows a screen shows; the page's other rows come once it runs.
  // Read once the console has seen all 1,000 rooms (above), so a full page is there to draw.
  // Asked without a window (no height hint): the generous default.
  const html = await (await page.request.get("/p/default/rooms")).text();
  expect(html.match(/<tr data-room=/g)).toHaveLength(FIRST_PAINT_ROWS);
  // Chromium, told by the first page to send its window's height, gets what its window shows,
  // fewer than the default; the whole page's rows are there once the app runs.
  const height = page.viewportSize()!.height;
  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.request().isNavigationRequest()),
    page.reload(),
  ]);
  expect(await answer.request().headerValue("sec-ch-viewport-height")).toBe(String(height));
  const drawn = (await answer.text()).match(/<tr data-room=/g)?.length;
  expect(drawn).toBe(firstPaintRows(String(height)));
  expect(drawn).toBeLessThan(FIRST_PAINT_ROWS);
  await expect(page.locator("tbody tr")).toHaveCount(100);
  await expect(page.getByLabel("Search rooms by name")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Search rooms by name").fill("load-0777");
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await expect(row(page, "load-0777")).toBeVisible();
  await page.getByLabel("Search rooms by name").fill("");
  // A link (it works before the app runs); once the app runs it changes the page in place.
  await expect(page.getByRole("link", { name: "Next" })).toHaveAttribute(
    "href",
    "/p/default/rooms?page=2",
  );
  await page.getByRole("link", { name: "Next" }).click();
  await expect(page.getByText("page 2 of 10")).toBeVisible();
  await expect(page).toHaveURL(/page=2/);
  // The page is in the URL: a reload (or a pasted link) opens the same page.
  await page.reload();
  await expect(page.getByText("page 2 of 10")).toBeVisible();
  await expect(page.locator("tbody tr").first()).toHaveAttribute("data-room", /^load-/);
  await keepScreenshot(page, "thousand-rooms");
});
