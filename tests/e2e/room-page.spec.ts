import { expect, test } from "@playwright/test";
import { E2E_KEYS, stateOf } from "../support/e2e-env";
import { PORTS } from "../support/ports";
import { sdk, uniqueRoom } from "../support/sdk";
import { keepScreenshot, twoDemoParticipants } from "./helpers";

const lk = sdk(PORTS.e2e, E2E_KEYS.apiKey, E2E_KEYS.apiSecret);

test.describe("room page", () => {
  test.use({ storageState: stateOf("oscar") });

  test("two demo participants: see their tracks, mute one, remove the other", async ({ page }) => {
    const room = uniqueRoom("demo");
    await lk.createRoom({ name: room, metadata: '{"topic":"weekly sync","owner":"platform"}' });
    // The demo traffic engine itself, so the demo mode is what is tested.
    const traffic = twoDemoParticipants(room);
    try {
      await traffic.ready;
      const [first, second] = traffic.participants(room);
      await page.goto("/p/main/rooms");
      await page.getByRole("link", { name: room, exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`/p/main/rooms/${room}$`));
      await expect(page.getByRole("heading", { name: room })).toBeVisible();
      await expect(page.getByTestId("room-metadata")).toContainText('"topic": "weekly sync"');
      const rows = page.locator("tr[data-participant]");
      await expect(rows).toHaveCount(2);
      await expect(page.locator(`tr[data-participant="${first}"]`)).toContainText("Microphone");
      await keepScreenshot(page, "room-page");

      await page.getByRole("button", { name: `Mute microphone of ${first}` }).click();
      await expect(page.getByText("Muted audio track")).toBeVisible();
      await expect(page.locator(`tr[data-participant="${first}"]`)).toContainText("muted");
      await expect(
        page.getByRole("button", { name: `Unmute microphone of ${first}` }),
      ).toBeVisible();
      const [p1] = (await lk.listParticipants(room)).filter((p) => p.identity === first);
      expect(p1?.tracks[0]?.muted).toBe(true);

      await page.getByRole("button", { name: `Remove ${second}` }).click();
      const dialog = page.getByRole("alertdialog");
      await expect(dialog).toContainText("A participant whose token is still valid can rejoin");
      await keepScreenshot(page, "remove-participant-dialog");
      await dialog.getByRole("button", { name: "Remove participant" }).click();
      await expect(page.getByText(`${second} was removed`)).toBeVisible();
      await expect(rows).toHaveCount(1);
      expect((await lk.listParticipants(room)).map((p) => p.identity)).toEqual([first]);
      await keepScreenshot(page, "room-after-controls");

      // Delete from the room page itself: warned about the one still inside, typed, gone.
      await page.getByRole("button", { name: "Delete room", exact: true }).click();
      const confirmDialog = page.getByRole("alertdialog");
      await expect(confirmDialog).toContainText(
        `1 participant will be disconnected immediately: ${first}.`,
      );
      await confirmDialog.getByLabel(`Type ${room} to confirm`).fill(room);
      await confirmDialog.getByRole("button", { name: "Delete room" }).click();
      await expect(
        page.getByText(`Room "${room}" deleted; 1 participant disconnected`),
      ).toBeVisible();
      await expect(page.getByText("No room by this name is open")).toBeVisible();
      expect((await lk.listRooms([room])).length).toBe(0);
    } finally {
      await traffic.stop({ disposeFfi: false });
    }
  });

  test("a viewer sees participants but no controls", async ({ browser }) => {
    const room = uniqueRoom("watch");
    await lk.createRoom({ name: room });
    const context = await browser.newContext({ storageState: stateOf("vera") });
    const page = await context.newPage();
    await page.goto(`/p/main/rooms/${room}`);
    await expect(page.getByText("No one is in this room right now.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Send data" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Edit metadata" })).toHaveCount(0);
    await context.close();
  });
});
