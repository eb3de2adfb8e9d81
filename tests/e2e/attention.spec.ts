import { readFileSync } from "node:fs";
import { expect, test } from "./fixtures";
import { RoomsPage } from "./pages/rooms-page";
import { DisconnectReason } from "@livekit/rtc-node";
import { E2E, E2E_KEYS, stateOf } from "../support/e2e-env";
import { joinParticipant, type TestParticipant } from "../support/participant";
import { PORTS } from "../support/ports";
import { sdk, uniqueRoom } from "../support/sdk";
import { keepScreenshot, holdAppScripts, appStarted } from "./helpers";

const lk = sdk(PORTS.e2e, E2E_KEYS.apiKey, E2E_KEYS.apiSecret);

test.describe("on-call", () => {
  test.use({ storageState: stateOf("oscar") });

  test("agent-only rooms show up with their reason and are cleared in bulk, with typed confirmation", async ({
    page,
  }) => {
    test.setTimeout(150_000);
    const rooms = [uniqueRoom("stuck-agent"), uniqueRoom("stuck-agent")];
    const healthy = uniqueRoom("healthy");
    const agents: TestParticipant[] = [];
    for (const name of [...rooms, healthy]) await lk.createRoom({ name });
    for (const [i, name] of rooms.entries())
      agents.push(
        await joinParticipant(E2E.livekitWs, name, `agent-${i}`, { ...E2E_KEYS, kind: "agent" }),
      );
    const person = await joinParticipant(E2E.livekitWs, healthy, "human", {
      ...E2E_KEYS,
      publishAudio: true,
    });
    try {
      await page.goto("/p/main/attention?reason=only_non_human");
      // LiveKit's own room counts lag the joins by seconds, and the shared scan runs every
      // 5 s (already running: every page polls the nav's count): up to ~15 s after the joins
      // (12.8 s alone). Late in a full run, beside the vitest lane, 25 s was once not enough.
      for (const name of rooms) {
        await expect(page.locator(`tr[data-room="${name}"]`)).toContainText(
          "Only non-human participants left (1 agent). They keep the room open.",
          { timeout: 60_000 },
        );
      }
      await expect(page.locator(`tr[data-room="${healthy}"]`)).toHaveCount(0);
      for (const name of rooms) await page.getByLabel(`Select ${name}`).check();
      await keepScreenshot(page, "needs-attention");
      await page.getByRole("button", { name: "Delete 2 rooms" }).click();

      const dialog = page.getByRole("alertdialog");
      await expect(dialog.getByTestId("bulk-impact")).toHaveText(
        "2 rooms will be deleted; 2 participants will be disconnected immediately.",
      );
      const go = dialog.getByRole("button", { name: "Delete 2 rooms" });
      await expect(go).toBeDisabled();
      await dialog.getByLabel("Type delete 2 rooms to confirm").fill("delete 2 rooms");
      await keepScreenshot(page, "bulk-preview");
      await go.click();
      await expect(dialog.getByTestId("bulk-summary")).toContainText("2 deleted");
      await expect(dialog.getByTestId("bulk-percent")).toHaveText("100 %");
      await expect(dialog.getByTestId("bulk-summary")).toContainText("2 participants disconnected");
      await keepScreenshot(page, "bulk-summary");
      for (const a of agents) expect(await a.disconnected).toBe(DisconnectReason.ROOM_DELETED);
      expect(await lk.listRooms(rooms)).toEqual([]);
      expect(await lk.listRooms([healthy])).toHaveLength(1);
      await dialog.getByRole("button", { name: "Close" }).click();
      // The rows follow the project's room list, read again at once after the delete, even
      // while the scan of participant lists is stretched (it once kept them for 30 s and more).
      for (const name of rooms)
        await expect(page.locator(`tr[data-room="${name}"]`)).toHaveCount(0);
    } finally {
      for (const p of [...agents, person]) await p.leave();
    }
  });
});

test.describe("before the page's scripts run", () => {
  test.use({ storageState: stateOf("oscar") });

  test("a search typed and a reason chosen meanwhile are kept and applied", async ({ page }) => {
    const release = await holdAppScripts(page);
    await page.goto("/p/main/attention", { waitUntil: "domcontentloaded" });
    const box = page.getByLabel("Search stuck rooms by name");
    await box.fill("nothing-is-called-this");
    await page.getByLabel("Reason").selectOption({ label: "Ghost rooms" });
    // As on a slow first visit: the app starts more than 5 s after the server read the list
    // ("checked just now" there; "5 s ago" by the browser's own clock). The page takes over
    // the server's HTML as it is: on a hydration mismatch React would silently draw the page
    // again, with empty fields. The server's own element is marked: React keeps it.
    await box.evaluate((el) => el.setAttribute("data-from-server", ""));
    await page.waitForTimeout(5_500);
    expect(await appStarted(page)).toBe(false);
    release();
    await expect(box).toHaveAttribute("data-hydrated", "true");
    await expect(box).toHaveAttribute("data-from-server", "");
    await expect(page).toHaveURL(/[?&]q=nothing-is-called-this(&|$)/);
    await expect(page).toHaveURL(/[?&]reason=ghost(&|$)/);
    // The list refreshes and renders both fields again: they stay as they were set.
    await page.waitForResponse((r) => new URL(r.url()).pathname === "/api/p/main/attention");
    await expect(box).toHaveValue("nothing-is-called-this");
    await expect(page.getByLabel("Reason")).toHaveValue("ghost");
  });
});

test.describe("audit", () => {
  test("an admin sees who did what, filters it, and exports CSV", async ({ pageAs }) => {
    const name = uniqueRoom("audited");
    // Oscar (operator) creates and deletes a room through the console.
    const opPage = await pageAs("oscar");
    const rooms = new RoomsPage(opPage);
    await rooms.goto();
    await rooms.createRoom(name);
    // An operator has no audit page.
    expect((await opPage.goto("/p/main/audit"))?.status()).toBe(404);

    const page = await pageAs("ada");
    await page.goto(`/p/main/audit?target=${name}`);
    const row = page.locator('tr[data-audit="room.create"]');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("oscar");
    await expect(row).toContainText("operator");
    await expect(row).toContainText("ok");
    await keepScreenshot(page, "audit");
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const csv = readFileSync(await (await download).path(), "utf8");
    const [header, ...lines] = csv.trim().split("\r\n");
    expect(header).toBe(
      "id,at,actor,role,project,action,target,outcome,errorCode,disconnected,repeats,finishedAt,params",
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`"oscar","operator","main","room.create","${name}","ok"`);
  });
});
