import { expect, test } from "@playwright/test";
import { AgentDispatchClient, RoomAgentDispatch } from "livekit-server-sdk";
import { E2E, E2E_KEYS, stateOf } from "../support/e2e-env";
import { PORTS } from "../support/ports";
import { sdk, uniqueRoom } from "../support/sdk";
import { startDemoAgent, type DemoAgent } from "../support/demo-agent";
import { keepScreenshot } from "./helpers";

const lk = sdk(PORTS.e2e, E2E_KEYS.apiKey, E2E_KEYS.apiSecret);
const ads = new AgentDispatchClient(
  `http://127.0.0.1:${PORTS.e2e}`,
  E2E_KEYS.apiKey,
  E2E_KEYS.apiSecret,
);
const agentName = `e2e-agent-${Date.now().toString(36)}`;
let agent: DemoAgent | undefined;

// The real demo agent worker against this suite's LiveKit. A dispatch made before the worker
// is registered is never delivered: startDemoAgent waits for its "registered worker" line.
test.beforeAll(async () => {
  test.setTimeout(120_000);
  agent = await startDemoAgent({ url: E2E.livekitWs, agentName, ...E2E_KEYS });
});
test.afterAll(async () => {
  await agent?.stop(); // its process group, by PID
});

test.describe("agents on the room page", () => {
  test.use({ storageState: stateOf("oscar") });

  test("dispatch the demo agent, watch it join, delete the dispatch and remove it", async ({
    page,
  }) => {
    const room = uniqueRoom("agent");
    await lk.createRoom({ name: room });
    await page.goto(`/p/main/rooms/${room}`);
    await page.getByRole("button", { name: "Dispatch agent" }).click();
    const form = page.getByRole("dialog", { name: "Dispatch an agent" });
    await form.getByLabel("Agent name").fill(agentName);
    await form.getByLabel("Metadata").fill("{not json");
    await form.getByRole("button", { name: "Dispatch agent" }).click();
    await expect(form.getByText(/Metadata must be JSON/)).toBeVisible();
    await form.getByLabel("Metadata").fill('{"greeting":"hello"}');
    await keepScreenshot(page, "agents-dispatch-form");
    await form.getByRole("button", { name: "Dispatch agent" }).click();
    await expect(page.getByText(`Dispatched ${agentName}`)).toBeVisible();
    const dispatchRow = page.locator(`tr[data-dispatch="${agentName}"]`);
    await expect(dispatchRow).toContainText('{"greeting":"hello"}');

    // The agent joins: an Agent row with its name and live state, publishing its tone.
    const agentRow = page.locator("tr[data-participant]", {
      has: page.locator(`[data-agent="${agentName}"]`),
    });
    await expect(agentRow).toBeVisible({ timeout: 30_000 });
    await expect(agentRow.locator("[data-agent-state]")).toHaveText(/speaking|listening/);
    await expect(agentRow).toContainText("Microphone");
    const [joined] = (await lk.listParticipants(room)).filter(
      (p) => p.attributes["lk.agent.name"] === agentName,
    );
    expect(joined).toBeDefined();
    await expect(dispatchRow).toContainText(joined!.identity);
    await keepScreenshot(page, "agents-joined");

    await dispatchRow.getByRole("button", { name: `Delete dispatch of ${agentName}` }).click();
    const dialog = page.getByRole("alertdialog");
    await expect(dialog).toContainText("Deleting a dispatch does not remove an agent that already");
    await expect(dialog).toContainText(joined!.identity);
    // Focus starts on the safe choice.
    await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
    await keepScreenshot(page, "agents-delete-dialog");
    await dialog
      .getByRole("button", { name: `Delete dispatch and remove ${joined!.identity}` })
      .click();
    await expect(
      page.getByText(`Dispatch deleted; ${joined!.identity} disconnected`),
    ).toBeVisible();
    await expect(agentRow).toHaveCount(0);
    await expect(dispatchRow).toHaveCount(0);
    expect((await ads.listDispatch(room)).filter((d) => d.agentName)).toEqual([]);
    expect(await lk.listParticipants(room)).toEqual([]);
  });

  test("a room created with an agent named in the form gets it", async ({ page }) => {
    const room = uniqueRoom("with-agent");
    await page.goto("/p/main/rooms");
    await page.getByRole("button", { name: "Create room" }).first().click();
    const form = page.getByRole("dialog", { name: "Create room" });
    await form.getByLabel("Name").fill(room);
    await form.getByLabel("Agents to dispatch").fill(`${agentName}, bad name!`);
    await form.getByRole("button", { name: "Create room" }).click();
    await expect(form.getByText('"name!": Agent name may use letters')).toBeVisible();
    await form.getByLabel("Agents to dispatch").fill(agentName);
    await keepScreenshot(page, "agents-create-room");
    await form.getByRole("button", { name: "Create room" }).click();
    await expect(page.getByText(`Room "${room}" created`)).toBeVisible();
    await page.goto(`/p/main/rooms/${room}`);
    await expect(page.locator(`tr[data-dispatch="${agentName}"]`)).toBeVisible();
    await expect(page.locator(`[data-agent="${agentName}"]`)).toBeVisible({ timeout: 30_000 });
    await lk.deleteRoom(room);
  });

  test("a viewer sees the dispatches and the agent, but no dispatch controls", async ({
    browser,
  }) => {
    const room = uniqueRoom("agent-watch");
    await lk.createRoom({ name: room });
    await ads.createDispatch(room, agentName, { metadata: '{"who":"viewer test"}' });
    const context = await browser.newContext({ storageState: stateOf("vera") });
    const page = await context.newPage();
    await page.goto(`/p/main/rooms/${room}`);
    await expect(page.locator(`tr[data-dispatch="${agentName}"]`)).toBeVisible();
    await expect(page.locator(`[data-agent="${agentName}"]`)).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole("button", { name: "Dispatch agent" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Delete dispatch of/ })).toHaveCount(0);
    await keepScreenshot(page, "agents-viewer");
    await context.close();
    await lk.deleteRoom(room);
  });

  test('needs attention: "dispatched and never joined" for an agent no worker serves', async ({
    page,
  }) => {
    const room = uniqueRoom("orphan-agent");
    await lk.createRoom({
      name: room,
      agents: [new RoomAgentDispatch({ agentName: "no-worker" })],
    });
    await page.goto("/p/main/attention?reason=agent_not_joined");
    // ATTENTION_AGENT_JOIN_SEC (5 s in this suite), then a scan (every 5 s).
    await expect(page.locator(`tr[data-room="${room}"]`)).toContainText(
      'Agent "no-worker" dispatched',
      { timeout: 30_000 },
    );
    await expect(page.locator(`tr[data-room="${room}"]`)).toContainText("never joined");
    await keepScreenshot(page, "agents-needs-attention");
    await lk.deleteRoom(room);
  });
});
