import { expect, test, type Locator, type Page } from "@playwright/test";
import { E2E, E2E_KEYS, E2E_PASSWORD, stateOf } from "../support/e2e-env";
import { keepScreenshot } from "./helpers";
import { joinParticipant } from "../support/participant";
import { PORTS } from "../support/ports";
import { sdk, uniqueRoom } from "../support/sdk";

const lk = sdk(PORTS.e2e, E2E_KEYS.apiKey, E2E_KEYS.apiSecret);

/**
 * Presses Tab (or Shift+Tab) until `target` has focus: proves it is reachable by keyboard, and
 * fails if it takes more than `max` presses.
 */
async function tabTo(page: Page, target: Locator, { max = 40, back = false } = {}) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return i;
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
  }
  throw new Error(`not reached with ${max} presses of ${back ? "Shift+Tab" : "Tab"}`);
}

/** Focused and visibly so: the focus ring has a style and a width. */
async function expectFocusRing(target: Locator) {
  await expect(target).toBeFocused();
  const ring = await target.evaluate((el) => {
    const s = getComputedStyle(el);
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
  });
  expect(ring.style, "outline style of the focused element").not.toBe("none");
  expect(ring.width).toBeGreaterThan(0);
}

test.describe("keyboard only", () => {
  // Its own session: the walk ends by signing out.
  test.use({ storageState: { cookies: [], origins: [] } });

  test("sign in, create, delete with typed confirmation, bulk delete, mute, sign out: focus lands where the next key belongs", async ({
    page,
  }) => {
    const tag = uniqueRoom("kb");
    const created = `${tag}-new`;
    const bulk = [`${tag}-bulk-a`, `${tag}-bulk-b`];
    const occupied = `${tag}-occupied`;
    for (const name of [...bulk, occupied]) await lk.createRoom({ name });
    const person = await joinParticipant(E2E.livekitWs, occupied, "kb-speaker", {
      ...E2E_KEYS,
      publishAudio: true,
    });
    try {
      // Sign in: a wrong password keeps focus in the form, on the cleared password.
      await page.goto("/sign-in");
      const username = page.getByLabel("Username");
      const password = page.getByLabel("Password");
      await expect(username).toBeFocused();
      await page.keyboard.type("oscar");
      await page.keyboard.press("Tab");
      await expect(password).toBeFocused();
      await page.keyboard.type("not-the-password");
      await page.keyboard.press("Enter");
      await expect(page.getByRole("alert")).toBeVisible();
      await expect(password).toBeFocused();
      await expect(password).toHaveValue("");
      await page.keyboard.type(E2E_PASSWORD);
      await page.keyboard.press("Enter");
      await expect(page).toHaveURL(/\/p\/main$/);

      // The skip link is the first stop, and goes past the header.
      await page.keyboard.press("Tab");
      const skip = page.getByRole("link", { name: "Skip to content" });
      await expectFocusRing(skip);

      // In-app navigation by the main nav: Enter on "Rooms".
      const roomsLink = page.getByRole("navigation", { name: "Main" }).getByRole("link", {
        name: "Rooms",
        exact: true,
      });
      await tabTo(page, roomsLink);
      await expectFocusRing(roomsLink);
      await page.keyboard.press("Enter");
      await expect(page).toHaveURL(/\/p\/main\/rooms$/);
      await expect(
        page.getByRole("heading", { name: "Rooms", level: 1, exact: true }),
      ).toBeVisible();

      // Create a room: the dialog opens on its first field; Enter submits; focus comes back
      // to "Create room".
      const search = page.getByLabel("Search rooms by name");
      await expect(search).toHaveAttribute("data-hydrated", "true");
      const createButton = page.getByRole("button", { name: "Create room" });
      await tabTo(page, createButton);
      await expectFocusRing(createButton);
      await page.keyboard.press("Enter");
      const createDialog = page.getByRole("dialog", { name: "Create room" });
      await expect(createDialog.getByLabel("Name", { exact: true })).toBeFocused();
      await page.keyboard.type(created);
      await page.keyboard.press("Enter");
      await expect(createDialog).toBeHidden();
      await expect(createButton).toBeFocused();
      await expect.poll(async () => (await lk.listRooms([created])).length).toBe(1);

      // Delete the occupied room with the typed confirmation, all by keys. Its row goes away,
      // so focus goes to the page's heading, not to the page body.
      await tabTo(page, search, { back: true });
      await page.keyboard.type(occupied);
      const occupiedRow = page.locator(`tr[data-room="${occupied}"]`);
      await expect(occupiedRow).toContainText("1");
      const deleteOccupied = occupiedRow.getByRole("button", { name: `Delete room ${occupied}` });
      await tabTo(page, deleteOccupied);
      await expectFocusRing(deleteOccupied);
      await page.keyboard.press("Enter");
      const confirm = page.getByRole("alertdialog");
      await expect(confirm).toContainText("1 participant will be disconnected immediately");
      const typed = confirm.getByLabel(`Type ${occupied} to confirm`);
      await expect(typed).toBeFocused();
      await page.keyboard.type(occupied);
      const deleteButton = confirm.getByRole("button", { name: "Delete room" });
      await tabTo(page, deleteButton);
      await expectFocusRing(deleteButton);
      await page.keyboard.press("Enter");
      await expect(confirm).toBeHidden();
      await expect(
        page.getByRole("heading", { name: "Rooms", level: 1, exact: true }),
      ).toBeFocused();
      expect(await person.disconnected).toBeDefined();
      expect(await lk.listRooms([occupied])).toEqual([]);

      // Bulk delete: search, "Select all" with Space, the delete button, the typed phrase.
      await tabTo(page, search);
      await page.keyboard.press("ControlOrMeta+a");
      await page.keyboard.type(`${tag}-bulk`);
      await expect(page.getByTestId("room-count")).toHaveText(/^2 of /);
      const selectAll = page.getByLabel("Select all 2 matching rooms");
      await tabTo(page, selectAll);
      await expectFocusRing(selectAll);
      await page.keyboard.press("Space");
      await expect(selectAll).toBeChecked();
      const bulkButton = page.getByRole("button", { name: "Delete 2 rooms" });
      await tabTo(page, bulkButton);
      await page.keyboard.press("Enter");
      const bulkDialog = page.getByRole("alertdialog");
      const phrase = bulkDialog.getByLabel("Type delete 2 rooms to confirm");
      await expect(phrase).toBeFocused();
      await page.keyboard.type("delete 2 rooms");
      await tabTo(page, bulkDialog.getByRole("button", { name: "Delete 2 rooms" }));
      await page.keyboard.press("Enter");
      await expect(bulkDialog.getByTestId("bulk-summary")).toContainText("2 deleted");
      const close = bulkDialog.getByRole("button", { name: "Close" });
      await tabTo(page, close);
      await page.keyboard.press("Enter");
      await expect(bulkDialog).toBeHidden();
      await expect(
        page.getByRole("heading", { name: "Rooms", level: 1, exact: true }),
      ).toBeFocused();
      expect(await lk.listRooms(bulk)).toEqual([]);

      // Mute a track on a room page: reached from the table's room link. Focus stays on the
      // button while the action runs and after (it now reads "Unmute").
      const speakerRoom = `${tag}-speakers`;
      await lk.createRoom({ name: speakerRoom });
      const speaker = await joinParticipant(E2E.livekitWs, speakerRoom, "kb-mic", {
        ...E2E_KEYS,
        publishAudio: true,
      });
      try {
        await tabTo(page, search, { back: true });
        await page.keyboard.press("ControlOrMeta+a");
        await page.keyboard.type(speakerRoom);
        const link = page.getByRole("link", { name: speakerRoom, exact: true });
        await tabTo(page, link);
        await expectFocusRing(link);
        await page.keyboard.press("Enter");
        await expect(page).toHaveURL(new RegExp(`/p/main/rooms/${speakerRoom}$`));
        // The link is gone with the table: focus moved to the room's heading.
        await expect(page.getByRole("heading", { name: speakerRoom, level: 1 })).toBeFocused();
        const mute = page.getByRole("button", { name: "Mute microphone of kb-mic" });
        await tabTo(page, mute);
        await expectFocusRing(mute);
        await page.keyboard.press("Enter");
        await expect(page.getByText("Muted audio track")).toBeVisible();
        await expect(
          page.getByRole("button", { name: "Unmute microphone of kb-mic" }),
        ).toBeFocused();
        const [p] = await lk.listParticipants(speakerRoom);
        expect(p?.tracks[0]?.muted).toBe(true);
      } finally {
        await speaker.leave();
        await lk.deleteRoom(speakerRoom).catch(() => {});
      }

      // Sign out: the header's button, then the sign-in form's first field.
      const signOut = page.getByRole("button", { name: "Sign out" });
      await tabTo(page, signOut, { back: true, max: 60 });
      await expectFocusRing(signOut);
      await page.keyboard.press("Enter");
      await expect(page).toHaveURL(/\/sign-in\?signed-out=1/);
      await expect(page.getByLabel("Username")).toBeFocused();
    } finally {
      await person.leave();
      for (const name of [created, ...bulk, occupied]) await lk.deleteRoom(name).catch(() => {});
    }
  });
});

test.describe("command palette", () => {
  test.use({ storageState: stateOf("oscar") });

  test("Ctrl-K jumps to a room by name, a page, another project, and starts Create room", async ({
    page,
  }) => {
    const room = uniqueRoom("palette ✨ room");
    await lk.createRoom({ name: room });
    try {
      await page.goto("/p/main");
      await expect(page.getByRole("button", { name: /Jump to/ })).toBeVisible();
      const palette = page.getByRole("dialog", { name: "Jump to" });
      const open = async () => {
        // A key pressed before the page listens for it is lost (a fresh page load hydrates
        // after its load event): wait until the launcher says it listens.
        await expect(page.getByRole("button", { name: /Jump to/ })).toHaveAttribute(
          "data-hydrated",
          "true",
        );
        await page.keyboard.press("Control+k");
        await expect(palette).toBeVisible();
        await expect(palette.getByRole("combobox")).toBeFocused();
      };

      // A room, by a part of its name (the server's snapshot answers).
      await open();
      await page.keyboard.type(room.slice(8, 20));
      await expect(palette.getByRole("option", { name: new RegExp(room) })).toBeVisible();
      await keepScreenshot(page, "command-palette");
      await page.keyboard.press("Enter");
      await expect(page).toHaveURL(new RegExp(`/p/main/rooms/${encodeURIComponent(room)}$`));
      await expect(page.getByRole("heading", { name: room, level: 1 })).toBeVisible();

      // A page.
      await open();
      await page.keyboard.type("histo");
      await expect(palette.getByRole("option")).toHaveCount(1);
      await page.keyboard.press("Enter");
      await expect(page).toHaveURL(/\/p\/main\/history$/);

      // Another project.
      await open();
      await page.keyboard.type("project");
      await page.keyboard.press("Enter");
      await expect(page).toHaveURL(/\/p\/second$/);

      // Create room: the form opens with its first field focused.
      await page.goto("/p/main/history");
      await open();
      await page.keyboard.type("create");
      await page.keyboard.press("Enter");
      const form = page.getByRole("dialog", { name: "Create room" });
      await expect(form.getByLabel("Name", { exact: true })).toBeFocused();
      await expect(page).toHaveURL(/\/p\/main\/rooms$/);

      // Escape closes the palette and gives focus back.
      await page.keyboard.press("Escape");
      await expect(form).toBeHidden();
      const launcher = page.getByRole("button", { name: /Jump to/ });
      await launcher.focus();
      await page.keyboard.press("Enter");
      await expect(palette).toBeVisible();
      await page.keyboard.press("Escape");
      await expect(palette).toBeHidden();
      await expect(launcher).toBeFocused();
    } finally {
      await lk.deleteRoom(room).catch(() => {});
    }
  });
});
