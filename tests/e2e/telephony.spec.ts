import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { SipClient } from "livekit-server-sdk";
import { dispose, DisconnectReason } from "@livekit/rtc-node";
import { E2E, E2E_KEYS, stateOf } from "../support/e2e-env";
import { joinParticipant } from "../support/participant";
import { PORTS } from "../support/ports";
import { sdk, uniqueRoom } from "../support/sdk";
import { keepScreenshot } from "./helpers";

// main's LiveKit has Redis (tests/e2e/global-setup.ts): its SIP API answers, with no SIP service.
const sip = new SipClient(`http://127.0.0.1:${PORTS.e2e}`, E2E_KEYS.apiKey, E2E_KEYS.apiSecret);
const PASSWORD = "e2e-trunk-pass-7Kq2";
const tag = uniqueRoom("tel").slice(4);
const num = (n: number) => `+1555${String(Date.now()).slice(-5)}${n}`;

async function cleanUp() {
  for (const t of [...(await sip.listSipInboundTrunk()), ...(await sip.listSipOutboundTrunk())])
    if (t.name.includes(tag)) await sip.deleteSipTrunk(t.sipTrunkId);
  for (const r of await sip.listSipDispatchRule())
    if (r.name.includes(tag)) await sip.deleteSipDispatchRule(r.sipDispatchRuleId);
}
test.afterAll(cleanUp);

const dialog = (page: Page) => page.getByRole("dialog");

/** Opens a telephony page once it lists `text` (made with the SDK: the console's copy of the
 * lists may be up to 2 s old for changes made outside it). */
async function openListing(page: Page, url: string, text: string) {
  await expect(async () => {
    await page.goto(url);
    await expect(page.getByText(text).first()).toBeAttached({ timeout: 500 });
  }).toPass({ timeout: 10_000 });
}

test.describe("telephony as an admin", () => {
  test.use({ storageState: stateOf("ada") });

  test("create, refuse, edit and delete an inbound trunk", async ({ page }) => {
    const name = `Support ${tag}`;
    const number = num(1);
    await page.goto("/p/main/telephony");
    await expect(page.getByRole("heading", { name: "Telephony" })).toBeVisible();

    await page.getByRole("button", { name: "New inbound trunk" }).click();
    await dialog(page).getByLabel("Name", { exact: true }).fill(name);
    await dialog(page).getByLabel("Numbers", { exact: true }).fill("5550100");
    await dialog(page).getByLabel("Allowed addresses", { exact: true }).fill("203.0.113.0/24");
    await dialog(page).getByLabel("Auth username", { exact: true }).fill("carrier");
    await dialog(page).getByLabel("Auth password", { exact: true }).fill(PASSWORD);
    await dialog(page).getByRole("button", { name: "Create trunk" }).click();
    // The server's rule, on the field, naming what was typed.
    await expect(dialog(page).getByRole("alert")).toContainText('"5550100" is not an E.164 number');
    await keepScreenshot(page, "telephony-trunk-field-error");
    await dialog(page).getByLabel("Numbers", { exact: true }).fill(number);
    await dialog(page).getByRole("button", { name: "Create trunk" }).click();
    await expect(page.getByText(`Inbound trunk “${name}” created`)).toBeVisible();
    const row = page.locator("tr", { hasText: name });
    await expect(row).toContainText(number);
    await expect(row).toContainText("set");
    const [stored] = await sip.listSipInboundTrunk({ numbers: [number] });
    expect(stored?.authPassword).toBe(PASSWORD);
    await keepScreenshot(page, "telephony-trunks");

    // A second trunk with the same number: LiveKit's refusal on the Numbers field.
    await page.getByRole("button", { name: "New inbound trunk" }).click();
    await dialog(page).getByLabel("Name", { exact: true }).fill(`Copy ${tag}`);
    await dialog(page).getByLabel("Numbers", { exact: true }).fill(number);
    await dialog(page).getByRole("button", { name: "Create trunk" }).click();
    await expect(dialog(page).getByRole("alert")).toContainText(
      `${number} already belong to trunk ${stored!.sipTrunkId}`,
    );
    await keepScreenshot(page, "telephony-duplicate-number");
    await dialog(page).getByRole("button", { name: "Cancel" }).click();

    // Edit without typing a password: the name changes, the password stays.
    await page.getByRole("button", { name: `Edit ${name}` }).click();
    await expect(dialog(page).getByLabel("Auth password", { exact: true })).toHaveValue("");
    await expect(dialog(page)).toContainText("A password is set");
    await dialog(page).getByLabel("Name", { exact: true }).fill(`${name} 2`);
    await dialog(page).getByRole("button", { name: "Save trunk" }).click();
    await expect(page.getByText(`Inbound trunk “${name} 2” saved`)).toBeVisible();
    const [edited] = await sip.listSipInboundTrunk({ trunkIds: [stored!.sipTrunkId] });
    expect({ name: edited?.name, pw: edited?.authPassword }).toEqual({
      name: `${name} 2`,
      pw: PASSWORD,
    });

    await page.getByRole("button", { name: `Delete ${name} 2` }).click();
    const confirm = page.getByRole("alertdialog");
    await expect(confirm).toContainText("Calls to its numbers stop being answered now");
    await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
    await keepScreenshot(page, "telephony-delete-trunk");
    await confirm.getByRole("button", { name: "Delete trunk" }).click();
    await expect(page.getByText(`Trunk “${name} 2” deleted`)).toBeVisible();
    await expect(page.locator("tr", { hasText: `${name} 2` })).toHaveCount(0);
    expect(await sip.listSipInboundTrunk({ trunkIds: [stored!.sipTrunkId] })).toEqual([]);
  });

  test("create, edit and delete a dispatch rule with an agent", async ({ page }) => {
    const trunk = await sip.createSipInboundTrunk(`Rules ${tag}`, [num(2)]);
    const name = `To agent ${tag}`;
    await openListing(page, "/p/main/telephony", `Rules ${tag}`);
    await page.getByRole("link", { name: "Dispatch rules" }).click();
    await expect(page.getByText("How a call reaches your agent")).toBeVisible();
    await page.getByRole("button", { name: "New dispatch rule" }).click();
    await dialog(page).getByLabel("Name", { exact: true }).fill(name);
    await dialog(page).getByLabel("Individual", { exact: true }).check();
    await dialog(page).getByLabel("Room prefix", { exact: true }).fill("call-");
    await dialog(page).getByLabel(`Rules ${tag}`).check();
    await dialog(page).getByLabel("Agents", { exact: true }).fill("receptionist");
    await dialog(page).getByRole("button", { name: "Create rule" }).click();
    await expect(page.getByText(`Dispatch rule “${name}” created`)).toBeVisible();
    const row = page.locator("tr", { hasText: name });
    await expect(row).toContainText("receptionist");
    await expect(row).toContainText(`Rules ${tag}`);
    await keepScreenshot(page, "telephony-rules");

    await page.getByRole("button", { name: `Edit ${name}` }).click();
    await dialog(page).getByLabel("Direct", { exact: true }).check();
    await dialog(page).getByLabel("Room name", { exact: true }).fill("front-desk");
    await dialog(page).getByRole("button", { name: "Save rule" }).click();
    await expect(page.getByText(`Dispatch rule “${name}” saved`)).toBeVisible();
    await expect(row).toContainText("front-desk");
    const [stored] = (await sip.listSipDispatchRule()).filter((r) => r.name === name);
    expect(stored?.rule?.rule.case).toBe("dispatchRuleDirect");
    expect(stored?.trunkIds).toEqual([trunk.sipTrunkId]);

    await page.getByRole("button", { name: `Delete ${name}` }).click();
    await page
      .getByRole("alertdialog")
      .getByRole("button", { name: "Delete dispatch rule" })
      .click();
    await expect(page.getByText(`Dispatch rule “${name}” deleted`)).toBeVisible();
    expect((await sip.listSipDispatchRule()).filter((r) => r.name === name)).toEqual([]);
  });
});

test.describe("calls as an operator", () => {
  test.use({ storageState: stateOf("oscar") });

  test("placing a call with no SIP service says so, in seconds", async ({ page }) => {
    await sip.createSipOutboundTrunk(`Out ${tag}`, "sip.example.com", [num(3)]);
    await openListing(page, "/p/main/telephony?tab=calls", `Out ${tag}`);
    await expect(page.getByRole("button", { name: "New inbound trunk" })).toHaveCount(0);
    await page.getByLabel("Outbound trunk").selectOption({ label: `Out ${tag} (sip.example.com)` });
    await page.getByLabel("Number to call").fill("+15557654321");
    await page.getByLabel("Room", { exact: true }).fill(`call-${tag}`);
    const started = Date.now();
    await page.getByRole("button", { name: "Call" }).click();
    await expect(page.getByTestId("call-progress").getByRole("alert")).toContainText(
      "No SIP service answered",
      { timeout: 8_000 },
    );
    expect(Date.now() - started).toBeLessThan(6_000);
    await page.getByTestId("call-progress").scrollIntoViewIfNeeded();
    await keepScreenshot(page, "telephony-call-no-service");
  });
});

test.describe("a phone call on the room page, as an operator", () => {
  test.use({ storageState: stateOf("oscar") });
  test.afterAll(async () => {
    await dispose();
  });

  test("the call's facts show; a transfer LiveKit cannot make says why; hang up ends the call", async ({
    page,
  }) => {
    // A real participant of kind SIP with the attributes LiveKit's SIP service sets (no SIP
    // service can run here, so it joins with a token of that kind).
    const room = `phone-${tag}`;
    const identity = "sip_+15550700001";
    const rooms = sdk(PORTS.e2e, E2E_KEYS.apiKey, E2E_KEYS.apiSecret);
    await rooms.createRoom({ name: room });
    const caller = await joinParticipant(E2E.livekitWs, room, identity, {
      ...E2E_KEYS,
      kind: "sip",
    });
    try {
      await rooms.updateParticipant(room, identity, {
        attributes: {
          "sip.callStatus": "active",
          "sip.phoneNumber": "+15550700001",
          "sip.trunkID": "ST_e2etrunk",
          "sip.ruleID": "SDR_e2erule",
        },
      });
      await page.goto(`/p/main/rooms/${encodeURIComponent(room)}`);
      const participants = page.locator("table").first();
      await expect(participants).toContainText("+15550700001");
      await expect(participants).toContainText("ST_e2etrunk");

      await page.getByRole("button", { name: `Transfer the call with ${identity}` }).click();
      const transfer = page.getByRole("alertdialog");
      await expect(transfer).toContainText("+15550700001");
      await transfer.getByLabel("Transfer to").fill("tel:+15551234567");
      const asked = Date.now();
      await transfer.getByRole("button", { name: "Transfer call" }).click();
      // The caller joined with a token of kind SIP, not through a SIP service: LiveKit has no
      // call to transfer and says so (measured: "no SIP session associated with participant",
      // in 0.6 s), and the console passes that on in words, never as a success.
      const outcome = page.locator("[data-sonner-toast]").first();
      await expect(outcome).toContainText("LiveKit refused the request: no SIP session", {
        timeout: 15_000,
      });
      console.log(
        `transfer of a call no SIP service holds: "${await outcome.innerText()}" after ${Date.now() - asked} ms`,
      );
      await keepScreenshot(page, "telephony-transfer-refused");
      await page.keyboard.press("Escape");

      await page.getByRole("button", { name: `Hang up ${identity}` }).click();
      const hangUp = page.getByRole("alertdialog");
      await expect(hangUp).toContainText(`Hang up the call with ${identity}?`);
      await hangUp.getByRole("button", { name: "Hang up" }).click();
      expect(await caller.disconnected).toBe(DisconnectReason.PARTICIPANT_REMOVED);
      await expect(page.getByRole("button", { name: `Hang up ${identity}` })).toHaveCount(0);
    } finally {
      await caller.leave();
      await rooms.deleteRoom(room).catch(() => undefined);
    }
  });
});

test.describe("telephony as a viewer", () => {
  test("no controls and no secrets: the HAR of the session holds no trunk password", async ({
    browser,
  }, info) => {
    await sip.createSipInboundTrunk(`Viewer ${tag}`, [num(4)], {
      authUsername: "carrier",
      authPassword: PASSWORD,
    });
    await sip.createSipOutboundTrunk(`Viewer out ${tag}`, "sip.example.com", [num(5)], {
      transport: 0,
      authPassword: PASSWORD,
    });
    const har = path.join(info.outputDir, "viewer.har");
    const context = await browser.newContext({
      storageState: stateOf("vera"),
      recordHar: { path: har, content: "embed" },
    });
    const page = await context.newPage();
    await openListing(page, "/p/main/telephony", `Viewer ${tag}`);
    await expect(page.locator("tr", { hasText: `Viewer ${tag}` })).toContainText("set");
    await expect(page.getByRole("button", { name: /New|Edit|Delete/ })).toHaveCount(0);
    await keepScreenshot(page, "telephony-viewer");
    await page.getByRole("link", { name: "Dispatch rules" }).click();
    await expect(page.getByText("How a call reaches your agent")).toBeVisible();
    await expect(page.getByRole("button", { name: "New dispatch rule" })).toHaveCount(0);
    await page.getByRole("link", { name: "Calls" }).click();
    await expect(page.getByText("Placing calls needs the operator or admin role")).toBeVisible();
    const api = await page.request.get("/api/p/main/telephony");
    expect(api.status()).toBe(200);
    await context.close();
    const text = readFileSync(har, "utf8");
    expect(text).toContain(`Viewer ${tag}`);
    expect(text).not.toContain(PASSWORD);
  });
});
