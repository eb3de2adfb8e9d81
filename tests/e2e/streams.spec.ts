import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { Redis } from "ioredis";
import { IngressClient, IngressState } from "livekit-server-sdk";
import { E2E_KEYS, E2E_SECOND_SECRET, stateOf } from "../support/e2e-env";
import { PORTS, REDIS_DBS } from "../support/ports";
import { sdk, uniqueRoom } from "../support/sdk";
import { keepScreenshot } from "./helpers";

// main's LiveKit has Redis and ingress base URLs (tests/e2e/global-setup.ts); no ingress
// service can run here, so a stream's state comes from what livekit/ingress would store.
const ingress = new IngressClient(
  `http://127.0.0.1:${PORTS.e2e}`,
  E2E_KEYS.apiKey,
  E2E_KEYS.apiSecret,
);
const lk = sdk(PORTS.e2e, E2E_KEYS.apiKey, E2E_KEYS.apiSecret);
const room = uniqueRoom("streams");
const name = `Stage ${room.slice(-6)}`;
const RTMP_BASE = "rtmp://127.0.0.1:1935/live";

test.beforeAll(async () => {
  await lk.createRoom({ name: room, emptyTimeout: 600 });
});
test.afterAll(async () => {
  for (const i of await ingress.listIngress({ roomName: room }))
    await ingress.deleteIngress(i.ingressId).catch(() => undefined);
  await lk.deleteRoom(room).catch(() => undefined);
});

const dialog = (page: Page) => page.getByRole("dialog");
const stored = async () =>
  (await ingress.listIngress({ roomName: room })).find((i) => i.name === name);

test.describe.configure({ mode: "serial" });

test.describe("incoming streams as an operator", () => {
  test.use({ storageState: stateOf("oscar") });

  test("create an RTMP input: the key shows once, copied, and never in the list", async ({
    page,
  }) => {
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.goto("/p/main/streams");
    await expect(page.getByRole("heading", { name: "Incoming streams" })).toBeVisible();
    await page.getByRole("button", { name: "New stream input" }).click();
    // The server's rule on its field: a URL input pulls only http, https or srt.
    await dialog(page).getByLabel("URL", { exact: true }).check();
    await dialog(page).getByLabel("Name", { exact: true }).fill(name);
    await dialog(page).getByLabel("Source URL").fill("ftp://example.com/live");
    await dialog(page).getByLabel("Room").fill(room);
    await dialog(page).getByLabel("Participant identity").fill("stage-cam");
    await dialog(page).getByRole("button", { name: "Create input" }).click();
    await expect(dialog(page).getByRole("alert")).toContainText("not ftp://");
    await keepScreenshot(page, "streams-url-field-error");

    await dialog(page).getByLabel("RTMP", { exact: true }).check();
    await dialog(page).getByLabel("Participant name").fill("Stage camera");
    await dialog(page).getByLabel("Video preset").selectOption("h264_720p_30fps_1_layer");
    await dialog(page).getByRole("button", { name: "Create input" }).click();
    await expect(page.getByText(`Stream input “${name}” created`)).toBeVisible();
    // The creator sees the URL and key at once, through the audited reveal.
    await expect(dialog(page)).toContainText(`Created: URL and stream key of “${name}”`);
    const info = (await stored())!;
    expect(info.url).toBe(RTMP_BASE);
    await expect(dialog(page).locator("[data-secret]").nth(1)).toHaveText(info.streamKey);
    await dialog(page).getByRole("button", { name: "Copy stream key" }).click();
    expect(await page.evaluate<string>("navigator.clipboard.readText()")).toBe(info.streamKey);
    await dialog(page)
      .getByRole("button", { name: "Copy url with key (for tools that take one url)" })
      .click();
    expect(await page.evaluate<string>("navigator.clipboard.readText()")).toBe(
      `${RTMP_BASE}/${info.streamKey}`,
    );
    await keepScreenshot(page, "streams-created-key");
    await dialog(page).getByRole("button", { name: "Done" }).click();

    const row = page.locator(`tr[data-ingress="${info.ingressId}"]`);
    await expect(row).toContainText("RTMP");
    await expect(row).toContainText("inactive");
    await expect(row).toContainText("stage-cam");
    await expect(row.getByRole("link", { name: room })).toBeVisible();
    await expect(page.locator("main")).not.toContainText(info.streamKey);
    await keepScreenshot(page, "streams-list");

    // Revealed again on demand (each reveal is an audit row; the integration suite reads them).
    await page.getByRole("button", { name: `Reveal URL and key of ${name}` }).click();
    await expect(dialog(page).locator("[data-secret]").nth(1)).toHaveText(info.streamKey);
    await dialog(page).getByRole("button", { name: "Done" }).click();
  });

  test("edit: a field error first, then the preset changes in LiveKit and the key stays", async ({
    page,
  }) => {
    const before = (await stored())!;
    await page.goto("/p/main/streams");
    await page.getByRole("button", { name: `Edit ${name}` }).click();
    await expect(dialog(page).getByLabel("Transcoding")).toBeDisabled(); // RTMP: always on
    await dialog(page).getByLabel("Participant identity").fill("stage cam\t2");
    await dialog(page).getByRole("button", { name: "Save input" }).click();
    await expect(dialog(page).getByRole("alert")).toContainText("control characters");
    await dialog(page).getByLabel("Participant identity").fill("stage-cam");
    await dialog(page).getByLabel("Audio preset").selectOption("opus_mono_64kbs");
    await keepScreenshot(page, "streams-edit");
    await dialog(page).getByRole("button", { name: "Save input" }).click();
    await expect(page.getByText(`Stream input “${name}” saved`)).toBeVisible();
    await expect(page.locator(`tr[data-ingress="${before.ingressId}"]`)).toContainText(
      "opus mono 64kbs",
    );
    const after = (await stored())!;
    expect(after.audio?.encodingOptions).toEqual({ case: "preset", value: 1 });
    expect(after.streamKey).toBe(before.streamKey);
  });

  test("the room page lists the inputs that feed it", async ({ page }) => {
    await page.goto(`/p/main/rooms/${encodeURIComponent(room)}`);
    const section = page.getByRole("region", { name: "Streams", exact: true });
    await expect(section.getByText(name)).toBeVisible();
    await expect(section).toContainText("stage-cam");
    await keepScreenshot(page, "streams-room-section");
  });
});

test.describe("incoming streams as a viewer", () => {
  test("no key anywhere: every response body of the visit is searched", async ({
    browser,
  }, info) => {
    const key = (await stored())!.streamKey;
    const har = path.join(info.outputDir, "viewer.har");
    const context = await browser.newContext({
      storageState: stateOf("vera"),
      recordHar: { path: har, content: "embed" },
    });
    const page = await context.newPage();
    await page.goto("/p/main/streams");
    await expect(page.getByText(name)).toBeVisible();
    await expect(page.getByRole("button", { name: /Reveal/ })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "New stream input" })).toHaveCount(0);
    await page.goto(`/p/main/rooms/${encodeURIComponent(room)}`);
    await expect(page.getByRole("heading", { name: "Streams", exact: true })).toBeVisible();
    await expect(page.getByText(name)).toBeVisible();
    await keepScreenshot(page, "streams-viewer-room");
    await context.close();
    const entries = (
      JSON.parse(readFileSync(har, "utf8")) as {
        log: { entries: { response: { content: { text?: string; encoding?: string } } }[] };
      }
    ).log.entries;
    const bodies = entries.map(({ response: { content: c } }) =>
      c.encoding === "base64"
        ? Buffer.from(c.text ?? "", "base64").toString("utf8")
        : (c.text ?? ""),
    );
    // The visit really read the list (its name is there), and nothing held the key or URL.
    expect(bodies.some((b) => b.includes(name))).toBe(true);
    expect(bodies.filter((b) => b.includes(key))).toEqual([]);
    expect(bodies.filter((b) => b.includes(RTMP_BASE))).toEqual([]);
    console.log(`viewer HAR: ${entries.length} responses searched`);
  });
});

test.describe("LiveKit without Redis", () => {
  test.use({ storageState: stateOf("sam") });

  test("the page says what to add, instead of an empty list", async ({ page }) => {
    await page.goto("/p/second/streams");
    const alert = page.getByRole("alert").filter({ hasText: "Redis" });
    await expect(alert).toContainText("has no Redis, and incoming streams (ingress) need one");
    await expect(alert).toContainText("run livekit/ingress against the same Redis");
    await keepScreenshot(page, "streams-no-redis");
    // A room page there says it in one line (most LiveKit servers have no Redis).
    const second = sdk(PORTS.e2eSecond, E2E_KEYS.apiKey, E2E_SECOND_SECRET);
    await second.createRoom({ name: room, emptyTimeout: 60 });
    try {
      await page.goto(`/p/second/rooms/${encodeURIComponent(room)}`);
      await expect(page.getByRole("region", { name: "Streams", exact: true })).toContainText(
        "Incoming streams need Redis in LiveKit; Streams says what to set.",
      );
    } finally {
      await second.deleteRoom(room).catch(() => undefined);
    }
  });
});

test.describe("deleting", () => {
  test.use({ storageState: stateOf("oscar") });

  test("a publishing input: the dialog says the stream is cut, Cancel has focus", async ({
    page,
  }) => {
    const info = (await stored())!;
    // What livekit/ingress stores when a stream arrives (rpc UpdateIngressState): publishing.
    const redis = new Redis({ db: REDIS_DBS.e2e });
    const now = BigInt(Date.now()) * 1_000_000n;
    await redis.set(
      `{ingress}_state:${info.ingressId}`,
      Buffer.from(new IngressState({ status: 2, startedAt: now, updatedAt: now }).toBinary()),
    );
    redis.disconnect();
    await expect(async () => {
      await page.goto("/p/main/streams");
      await expect(page.locator(`tr[data-ingress="${info.ingressId}"]`)).toContainText(
        "publishing",
        {
          timeout: 500,
        },
      );
    }).toPass({ timeout: 10_000 });
    await page.getByRole("button", { name: `Delete ${name}` }).click();
    const alert = page.getByRole("alertdialog");
    await expect(alert).toContainText("It is publishing now: the stream is cut at once");
    await expect(alert).toContainText(`stage-cam leaves room “${room}”`);
    await expect(alert.getByRole("button", { name: "Cancel" })).toBeFocused();
    await keepScreenshot(page, "streams-delete-dialog");
    await alert.getByRole("button", { name: "Delete stream input" }).click();
    await expect(page.getByText(`Stream input “${name}” deleted`)).toBeVisible({ timeout: 15_000 });
    await expect(page.locator(`tr[data-ingress="${info.ingressId}"]`)).toHaveCount(0);
    expect(await stored()).toBeUndefined();
  });
});
