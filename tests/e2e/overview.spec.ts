import { expect, test } from "@playwright/test";
import { E2E_KEYS, stateOf } from "../support/e2e-env";
import { PORTS } from "../support/ports";
import { sdk, uniqueRoom } from "../support/sdk";
import { keepScreenshot, twoDemoParticipants } from "./helpers";

const lk = sdk(PORTS.e2e, E2E_KEYS.apiKey, E2E_KEYS.apiSecret);

test.describe("overview", () => {
  test.use({ storageState: stateOf("oscar") });

  test("the counters are LiveKit's own numbers, live, and each leads to its view", async ({
    page,
  }) => {
    const busy = uniqueRoom("busy");
    const quiet = uniqueRoom("quiet");
    await lk.createRoom({ name: busy });
    await lk.createRoom({ name: quiet });
    const traffic = twoDemoParticipants(busy);
    try {
      await traffic.ready;
      await page.goto("/p/main");
      await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
      // Other suites share this server: compare with LiveKit's answer at the same moment.
      const count = async (id: string) =>
        Number(
          (await page.getByTestId(id).locator("span").first().textContent())!.replace(/,/g, ""),
        );
      await expect(async () => {
        const rooms = await lk.listRooms();
        expect(await count("counter-rooms")).toBe(rooms.length);
        expect(await count("counter-participants")).toBe(
          rooms.reduce((n, r) => n + r.numParticipants, 0),
        );
        expect(await count("counter-publishers")).toBe(
          rooms.reduce((n, r) => n + r.numPublishers, 0),
        );
      }).toPass({ timeout: 20_000 });
      await expect(page.locator(`li[data-room="${busy}"]`)).toContainText("2 people");
      await expect(page.getByTestId("overview-health")).toContainText("LiveKit answered in");
      await keepScreenshot(page, "overview");
      await page.getByTestId("counter-participants").click();
      await expect(page).toHaveURL(/\/p\/main\/rooms\?sort=participants&dir=desc$/);
    } finally {
      await traffic.stop({ disposeFfi: false });
      await lk.deleteRoom(busy).catch(() => undefined);
      await lk.deleteRoom(quiet).catch(() => undefined);
    }
  });
});

test.describe("finding one's way", () => {
  test.use({ storageState: stateOf("oscar") });

  test("a skip link comes first, and the navigation marks the current page", async ({ page }) => {
    await page.goto("/p/main/history");
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.locator("main#main")).toBeFocused();
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "History" })).toHaveAttribute(
      "aria-current",
      "page",
    );
    await expect(nav.getByRole("link", { name: "Overview" })).not.toHaveAttribute(
      "aria-current",
      "page",
    );
    await nav.getByRole("link", { name: "Overview" }).click();
    await expect(nav.getByRole("link", { name: "Overview" })).toHaveAttribute(
      "aria-current",
      "page",
    );
  });
});

test.describe("the header of an admin (eight links)", () => {
  test.use({ storageState: stateOf("ada") });

  for (const width of [1280, 1400, 1600]) {
    test(`at ${width} px: one row, the username readable, nothing on top of anything`, async ({
      page,
    }) => {
      await page.setViewportSize({ width, height: 800 });
      await page.goto("/p/main/rooms");
      const header = page.locator("header");
      const box = async (selector: string) => (await header.locator(selector).boundingBox())!;
      const name = await box('[data-testid="signed-in-as"] > span:first-child');
      const signOut = await header.getByRole("button", { name: "Sign out" }).boundingBox();
      const logo = await header.getByRole("link", { name: "LiveKit Admin" }).boundingBox();
      // "ada" whole (about 25 px), and Sign out on the logo's line.
      expect(name.width).toBeGreaterThan(20);
      expect(
        Math.abs(signOut!.y + signOut!.height / 2 - (logo!.y + logo!.height / 2)),
      ).toBeLessThan(6);
      // The header's controls, left to right, never overlap.
      const boxes = await header
        .locator('nav a, button, [data-testid="signed-in-as"], span[title^="LiveKit at"]')
        .evaluateAll((els) =>
          els
            .map((e) => e.getBoundingClientRect())
            .filter((b) => b.width > 0 && b.height > 0)
            .map((b) => ({ left: b.left, right: b.right }))
            .sort((a, b) => a.left - b.left),
        );
      for (let i = 1; i < boxes.length; i++)
        expect(boxes[i]!.left).toBeGreaterThanOrEqual(boxes[i - 1]!.right - 0.5);
      if (width === 1400) await keepScreenshot(page, "header-admin-1400");
    });
  }
});

test.describe("theme", () => {
  test.use({ storageState: stateOf("oscar"), colorScheme: "dark" });

  test("follows the system, can be chosen, and is right from the first paint", async ({ page }) => {
    // The class is set by the head script, before any stylesheet or React code runs.
    // Read in the new document as soon as it has a body (right after "commit", a read could
    // still land in the tab's blank first document), long before React runs.
    await page.goto("/p/main", { waitUntil: "commit" });
    let seen: [string, boolean, boolean] = ["", false, false];
    await expect
      .poll(
        async () => {
          // Right after "commit" the new document may not have its root element yet.
          seen = await page.evaluate(
            "[document.URL, !!document.body, !!document.documentElement?.classList.contains('dark')]",
          );
          return new URL(seen[0]).pathname === "/p/main" && seen[1];
        },
        { intervals: [5] },
      )
      .toBe(true);
    expect(seen[2], "dark from the head script, before the body").toBe(true);
    const toggle = page.getByRole("button", { name: /Theme: system/ });
    // The toggle is the app's: a click waits until the app has taken over the page.
    await expect(toggle).toHaveAttribute("data-hydrated", "true");
    await toggle.click(); // system → light
    await expect(page.locator("html")).not.toHaveClass(/dark/);
    await page.reload();
    await expect(page.locator("html")).not.toHaveClass(/dark/);
    await expect(page.getByRole("button", { name: /Theme: light/ })).toHaveAttribute(
      "data-hydrated",
      "true",
    );
    await page.getByRole("button", { name: /Theme: light/ }).click(); // light → dark
    await expect(page.locator("html")).toHaveClass(/dark/);
    await page.getByRole("button", { name: /Theme: dark/ }).click(); // dark → system (dark here)
    await expect(page.locator("html")).toHaveClass(/dark/);
    await expect(page.getByRole("button", { name: /Theme: system/ })).toBeVisible();
  });
});
