import { createHash } from "node:crypto";
import { expect, test } from "@playwright/test";
import { AccessToken } from "livekit-server-sdk";
import { E2E, E2E_KEYS, stateOf } from "../support/e2e-env";
import { joinParticipant } from "../support/participant";
import { PORTS } from "../support/ports";
import { sdk, uniqueRoom } from "../support/sdk";
import { keepScreenshot, row, twoDemoParticipants } from "./helpers";

const lk = sdk(PORTS.e2e, E2E_KEYS.apiKey, E2E_KEYS.apiSecret);

test.describe("history from LiveKit's webhooks", () => {
  test.use({ storageState: stateOf("oscar") });

  test("a room's life: from its row to its session page, its timeline and why it closed", async ({
    page,
  }) => {
    const room = uniqueRoom("hist");
    await lk.createRoom({ name: room, emptyTimeout: 600 });
    const traffic = twoDemoParticipants(room);
    let people: string[] = [];
    try {
      await traffic.ready;
      people = traffic.participants(room);
      await page.goto("/p/main/rooms");
      await page.getByRole("link", { name: `History of room ${room}` }).click();
      await expect(page.getByRole("heading", { name: room })).toBeVisible();
      // Webhooks arrive within a second or so; the page is read when opened.
      await expect(async () => {
        await page.reload();
        const timeline = page.getByTestId("timeline");
        for (const p of people) await expect(timeline).toContainText(`${p} joined`);
      }).toPass({ timeout: 15_000 });
      await expect(page.getByText("open", { exact: true })).toBeVisible();
      await expect(page.getByRole("link", { name: "Open the live room" })).toBeVisible();
      await keepScreenshot(page, "history-session-open");
    } finally {
      await traffic.stop({ disposeFfi: false });
    }
    // Everyone left; then another tool deletes the room long before its 10-minute timeout.
    await lk.deleteRoom(room);
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("closure")).toContainText("Deleted by someone else", {
        timeout: 1_000,
      });
    }).toPass({ timeout: 15_000 });
    const timeline = page.getByTestId("timeline");
    for (const p of people) await expect(timeline).toContainText(`${p} left`);
    await expect(timeline.locator("li").last()).toContainText("Room closed");
    await expect(page.getByText("closed", { exact: true })).toBeVisible();
    await keepScreenshot(page, "history-session-closed");

    // The History page lists it, finds it by a participant's identity, and draws the plots.
    await page.goto("/p/main/history");
    await expect(page.getByTestId("webhook-health")).toContainText("Last webhook from LiveKit");
    await expect(page.getByTestId("activity-chart").locator("svg").first()).toBeVisible();
    await page.getByLabel("Room name or participant identity").fill(people[0]!);
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/q=/);
    const rows = page.locator("tr[data-session]");
    await expect(rows.filter({ hasText: room })).toHaveCount(1);
    await expect(rows.filter({ hasText: room })).toContainText(people[0]!);
    await page.getByRole("button", { name: "Last 24 hours" }).click();
    await expect(page.getByTestId("durations-chart").locator("svg").first()).toBeVisible();
    await keepScreenshot(page, "history-page");
  });
});

test.describe("history for an admin", () => {
  test.use({ storageState: stateOf("ada") });

  test("a room deleted through the console: 'deleted by ada', linked to its audit record", async ({
    page,
  }) => {
    const room = uniqueRoom("by-ada");
    await lk.createRoom({ name: room });
    await page.goto("/p/main/rooms");
    await page.getByRole("button", { name: `Delete room ${room}` }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete room" }).click();
    await expect(row(page, room)).toHaveCount(0);
    // Creating it again at once is LiveKit's reuse trap: the form says so and how long to wait.
    await page.getByRole("button", { name: "Create room" }).click();
    const form = page.getByRole("dialog", { name: "Create room" });
    await form.getByLabel("Name").fill(room);
    await expect(form.getByRole("status")).toContainText(`A room named “${room}” closed`);
    await expect(form.getByRole("status")).toContainText(/Wait \d+ s, or choose another name/);
    await keepScreenshot(page, "create-room-recently-closed");
    await form.getByLabel("Name").fill(`${room}-other`);
    await expect(form.getByRole("status")).toHaveCount(0);
    await page.keyboard.press("Escape");
    await page.goto(`/p/main/history?q=${encodeURIComponent(room)}`);
    await page.getByRole("link", { name: room, exact: true }).click();
    // The link navigates in the page (no reload until the session page is there).
    await expect(page).toHaveURL(/\/p\/main\/history\/RM_/);
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("closure")).toContainText("Deleted by ada", { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await expect(page.getByTestId("timeline")).toContainText("ada deleted the room");
    await keepScreenshot(page, "history-session-deleted-by-operator");
    await page.getByRole("link", { name: /Audit record #\d+/ }).click();
    await expect(page).toHaveURL(/\/p\/main\/audit\?target=/);
    await expect(page.locator("tbody")).toContainText("room.delete");
  });
});

test.describe("a deleted room that comes back", () => {
  test.use({ storageState: stateOf("oscar") });

  test("its participants rejoin: the row says 'reopened' and why, and the nav counts it", async ({
    page,
  }) => {
    const room = uniqueRoom("comes-back");
    await lk.createRoom({ name: room });
    const first = await joinParticipant(E2E.livekitWs, room, "returner", E2E_KEYS);
    await first.leave();
    await lk.deleteRoom(room);
    // A client reconnecting with its still-valid token: LiveKit creates the room again.
    const again = await joinParticipant(E2E.livekitWs, room, "returner", E2E_KEYS);
    try {
      await page.goto(`/p/main/rooms?q=${encodeURIComponent(room)}`);
      const chip = row(page, room).getByTestId("reopened");
      // The hint rides on the nav badge's poll (every 10 s).
      await expect(chip).toBeVisible({ timeout: 25_000 });
      await expect(chip).toHaveAttribute(
        "title",
        /LiveKit creates a room again when someone joins/,
      );
      await expect(page.getByTestId("attention-count")).toBeVisible();
      const count = Number((await page.getByTestId("attention-count").innerText()).split(/\s/)[0]);
      expect(count).toBeGreaterThanOrEqual(1);
      await keepScreenshot(page, "rooms-reopened");
      await page.goto("/p/main/attention?reason=recreated");
      await expect(row(page, room)).toBeVisible();
    } finally {
      await again.leave();
      await lk.deleteRoom(room).catch(() => {});
    }
  });
});

test.describe("history for a viewer", () => {
  test.use({ storageState: stateOf("vera") });

  test("a viewer reads history and sessions, with nothing to change", async ({ page }) => {
    const room = uniqueRoom("viewer-hist");
    await lk.createRoom({ name: room });
    await page.goto(`/p/main/history?q=${encodeURIComponent(room)}`);
    await expect(async () => {
      await page.reload();
      await expect(page.locator("tr[data-session]").filter({ hasText: room })).toHaveCount(1, {
        timeout: 1_000,
      });
    }).toPass({ timeout: 15_000 });
    await page.getByRole("link", { name: room, exact: true }).click();
    await expect(page.getByRole("heading", { name: room })).toBeVisible();
    await expect(page.getByTestId("timeline")).toContainText("Room opened");
    // Names and ids copy to the clipboard, for the CLI and the incident channel.
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.getByRole("button", { name: "Copy room id" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Copied room id" })).toHaveCount(1);
    expect(await page.evaluate<string>("navigator.clipboard.readText()")).toMatch(/^RM_/);
    await page.getByRole("button", { name: "Copy room name" }).click();
    expect(await page.evaluate<string>("navigator.clipboard.readText()")).toBe(room);
    await expect(page.getByRole("button", { name: /delete|remove|mute|edit/i })).toHaveCount(0);
    await lk.deleteRoom(room);
  });
});

test.describe("the webhook route", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("needs no session, only a valid signature", async ({ request }) => {
    const body = JSON.stringify({
      event: "room_started",
      id: `EV_e2e_${Date.now()}`,
      createdAt: String(Math.floor(Date.now() / 1000)),
      room: { sid: `RM_e2e_${Date.now()}`, name: "signed-elsewhere" },
    });
    const token = async (secret: string) => {
      const at = new AccessToken(E2E_KEYS.apiKey, secret, { ttl: 60 });
      at.sha256 = createHash("sha256").update(body).digest("base64");
      return at.toJwt();
    };
    const post = async (authorization?: string) =>
      (
        await request.post("/api/webhooks/main", {
          data: body,
          headers: {
            "Content-Type": "application/webhook+json",
            ...(authorization ? { Authorization: authorization } : {}),
          },
        })
      ).status();
    expect(await post()).toBe(401);
    expect(await post(await token("not-the-secret"))).toBe(401);
    // Signed for project "main" but posted to "second" (another secret): refused.
    const wrongProject = await request.post("/api/webhooks/second", {
      data: body,
      headers: { Authorization: await token(E2E_KEYS.apiSecret) },
    });
    expect(wrongProject.status()).toBe(401);
    expect(await post(await token(E2E_KEYS.apiSecret))).toBe(200);
  });
});
