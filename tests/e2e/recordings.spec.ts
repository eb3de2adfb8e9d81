import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { E2E, E2E_KEYS, stateOf } from "../support/e2e-env";
import {
  EgressStatus,
  S3_SECRET,
  STREAM_KEY,
  egressInfo,
  signedEgressWebhook,
} from "../support/egress-webhooks";
import { PORTS } from "../support/ports";
import { sdk, uniqueRoom } from "../support/sdk";
import { keepScreenshot } from "./helpers";
import { RecordingsPage } from "./pages/recordings-page";

/**
 * Recordings against main's LiveKit, which has Redis and no egress service (none can be
 * installed here). A recording LiveKit "reports" comes as signed egress webhooks in its own
 * format, posted to the console's receiver as LiveKit posts its real ones.
 */
const lk = sdk(PORTS.e2e, E2E_KEYS.apiKey, E2E_KEYS.apiSecret);
const live = uniqueRoom("rec-live");
const gone = uniqueRoom("rec-gone");
const goneSid = `RM_${gone.replace(/[^A-Za-z0-9]/g, "").slice(-12)}`;
const goneEgress = `EG_${goneSid.slice(3)}`;

let liveSid = "";

async function post(hook: { body: string; authorization: string }) {
  const res = await fetch(`${E2E.app}/api/webhooks/main`, {
    method: "POST",
    headers: { "Content-Type": "application/webhook+json", Authorization: hook.authorization },
    body: hook.body,
  });
  expect(res.status).toBe(200);
}

test.beforeAll(async () => {
  liveSid = (await lk.createRoom({ name: live, emptyTimeout: 600 })).sid;
  // An egress LiveKit said is active, two minutes ago, for a room it no longer has.
  const hook = await signedEgressWebhook(
    "egress_started",
    egressInfo({
      egressId: goneEgress,
      room: gone,
      roomSid: goneSid,
      status: EgressStatus.EGRESS_ACTIVE,
      startedAtMs: Date.now() - 120_000,
    }),
    E2E_KEYS,
  );
  await post(hook);
});
test.afterAll(async () => {
  await lk.deleteRoom(live).catch(() => undefined);
});

test.describe("as an operator", () => {
  test.use({ storageState: stateOf("oscar") });

  test("the start form refuses a bad path, a bad stream URL and Opus over RTMP, on their fields", async ({
    page,
  }) => {
    const rec = new RecordingsPage(page);
    await rec.open();
    await rec.openStart(live);
    await rec.filePath().fill("../../etc/out.mp4");
    await rec.start();
    await expect(rec.dialog().getByRole("alert")).toContainText("cannot hold . or .. folders");
    await rec.dialog().getByLabel("Stream (RTMP)").check();
    await rec.dialog().getByLabel("Stream URLs").fill("https://live.example.com/app/key");
    await rec.start();
    await expect(rec.dialog().getByText(/must be rtmp:\/\/, rtmps:\/\/ or srt:\/\//)).toBeVisible();
    await expect(rec.dialog().getByText(/RTMP stream carries AAC only/)).toBeVisible();
    // The form says why Opus is the default.
    await expect(rec.dialog().getByText(/AAC needs GStreamer's faac element/)).toBeVisible();
    await keepScreenshot(page, "recordings-start-field-errors");
  });

  test("with no egress service: the wait counts seconds, then says what to run (LiveKit answers after ~22 s)", async ({
    page,
  }) => {
    // Bounded: LiveKit's answer comes at ~22 s; the page gives up at 45 s at most.
    test.setTimeout(75_000);
    const rec = new RecordingsPage(page);
    await rec.open();
    await rec.openStart(live);
    const t0 = Date.now();
    await rec.start();
    const waiting = rec.dialog().getByTestId("egress-waiting");
    await expect(waiting).toContainText("Waiting for an egress service");
    await expect(waiting).toContainText(/[3-9] s/, { timeout: 10_000 });
    await keepScreenshot(page, "recordings-start-waiting");
    await expect(rec.dialog().getByRole("alert")).toContainText("No egress service answered", {
      timeout: 40_000,
    });
    const ms = Date.now() - t0;
    console.log(`start with no egress service: answered in the page after ${ms} ms`);
    expect(ms).toBeGreaterThan(15_000);
    await expect(rec.dialog().getByRole("alert")).toContainText("Start livekit/egress");
    await keepScreenshot(page, "recordings-no-egress-service");
  });

  test("Cancel abandons the wait at once, and the page's other actions are not held behind it", async ({
    page,
  }) => {
    const rec = new RecordingsPage(page);
    await rec.open();
    await rec.openStart(live);
    await rec.start();
    await expect(rec.dialog().getByTestId("egress-waiting")).toBeVisible();
    const t0 = Date.now();
    await rec.dialog().getByRole("button", { name: "Cancel" }).click();
    await expect(rec.dialog().getByRole("status")).toContainText("Cancelled");
    await rec.dialog().getByRole("button", { name: "Close" }).click();
    // A stop right away (LiveKit is still holding the start for ~20 s): answered now.
    await rec.open(gone);
    await rec.row(goneEgress).getByRole("button", { name: "Stop" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Stop recording" }).click();
    await expect(page.getByText(/LiveKit has no egress/)).toBeVisible();
    expect(Date.now() - t0).toBeLessThan(15_000);
  });

  test("a refused cancel (the session ended meanwhile) keeps waiting and says nothing was cancelled", async ({
    page,
  }) => {
    const rec = new RecordingsPage(page);
    await rec.open();
    await rec.openStart(live);
    await rec.start();
    await expect(rec.dialog().getByTestId("egress-waiting")).toBeVisible();
    // The session is gone before Cancel is sent: the server refuses it, so nothing stops.
    await page.context().clearCookies();
    await rec.dialog().getByRole("button", { name: "Cancel" }).click();
    await expect(rec.dialog().getByRole("alert")).toContainText(
      "The cancel was refused, so nothing was cancelled: the start goes on.",
    );
    await expect(rec.dialog().getByTestId("egress-waiting")).toBeVisible();
    await expect(rec.dialog().getByText(/^Cancelled/)).toHaveCount(0);
    await keepScreenshot(page, "recordings-cancel-refused");
  });

  test("stop names what is recorded and where it goes; LiveKit's 'does not exist' said plainly", async ({
    page,
  }) => {
    const rec = new RecordingsPage(page);
    await rec.open(gone);
    const row = rec.row(goneEgress);
    await expect(row).toContainText("Active");
    await expect(row).toContainText("from webhooks");
    await expect(row).toContainText("rtmp://live.example.com/app/••••");
    await row.getByRole("button", { name: "Stop" }).click();
    const dialog = page.getByRole("alertdialog");
    await expect(dialog.getByRole("heading")).toContainText(`recording of “${gone}”`);
    await expect(dialog).toContainText("stream rtmp://live.example.com/app/••••");
    await expect(dialog).toContainText(`file recordings/${gone}.mp4`);
    await expect(dialog).toContainText("It cannot be resumed");
    // The safe choice has the focus.
    await expect(dialog.getByRole("button", { name: "Keep recording" })).toBeFocused();
    await keepScreenshot(page, "recordings-stop-dialog");
    await dialog.getByRole("button", { name: "Stop recording" }).click();
    await expect(page.getByText(/LiveKit has no egress .*Nothing is left to stop/)).toBeVisible();
    await keepScreenshot(page, "recordings-stop-unknown");
  });

  test("change a composite's layout and a stream's URLs: keys stay masked, LiveKit's answer said plainly", async ({
    page,
  }) => {
    const rec = new RecordingsPage(page);
    await rec.open(gone);
    await rec.row(goneEgress).getByRole("button", { name: "Change" }).click();
    const dialog = rec.dialog();
    await expect(dialog.getByRole("combobox", { name: "Layout" })).toHaveValue("speaker");
    await expect(dialog.getByLabel("rtmp://live.example.com/app/••••")).toBeVisible();
    await dialog.getByLabel("Add stream URLs").fill("https://not-rtmp.example.com/k");
    await dialog.getByRole("button", { name: "Change streams" }).click();
    await expect(dialog.getByText(/must be rtmp:\/\/, rtmps:\/\/ or srt:\/\//)).toBeVisible();
    await keepScreenshot(page, "recordings-change-dialog");
    await dialog.getByRole("combobox", { name: "Layout" }).selectOption("grid");
    await dialog.getByRole("button", { name: "Change layout" }).click();
    await expect(page.getByText(/LiveKit has no egress/)).toBeVisible();
  });

  test("a room's page and its history show its recording and the file it made", async ({
    page,
  }) => {
    const egressId = `EG_${liveSid.slice(3, 15)}`;
    const base = { egressId, room: live, roomSid: liveSid, startedAtMs: Date.now() - 95_000 };
    await post(
      await signedEgressWebhook(
        "egress_started",
        egressInfo({ ...base, status: EgressStatus.EGRESS_ACTIVE }),
        E2E_KEYS,
      ),
    );
    await post(
      await signedEgressWebhook(
        "egress_ended",
        egressInfo({
          ...base,
          status: EgressStatus.EGRESS_COMPLETE,
          endedAtMs: Date.now(),
          file: {
            filename: `recordings/${live}.mp4`,
            size: 3_500_000,
            durationSec: 95,
            location: `https://rec.s3.amazonaws.com/recordings/${live}.mp4?X-Amz-Signature=abc`,
          },
        }),
        E2E_KEYS,
      ),
    );
    await page.goto(`/p/main/rooms/${encodeURIComponent(live)}`);
    const section = page
      .getByRole("region", { name: "Recordings" })
      .or(page.locator("section", { has: page.getByRole("heading", { name: "Recordings" }) }));
    const row = section.locator(`tr[data-egress="${egressId}"]`);
    await expect(row).toContainText("Complete");
    await expect(row).toContainText("3.3 MB");
    await expect(row).toContainText(`https://rec.s3.amazonaws.com/recordings/${live}.mp4`);
    await expect(row).not.toContainText("X-Amz-Signature");
    await row.scrollIntoViewIfNeeded();
    await keepScreenshot(page, "room-recordings");
    await page.goto(`/p/main/history/${liveSid}`);
    await expect(page.getByText("Room recording ended")).toBeVisible();
    await expect(page.getByText(`recordings/${live}.mp4 (3.3 MB, 1 min 35 s`)).toBeVisible();
    await keepScreenshot(page, "history-recording-timeline");
  });

  test("Needs attention lists the recording still active for a room that is gone, with what to do", async ({
    page,
  }) => {
    await page.goto("/p/main/attention");
    const item = page.locator(`[data-testid="stuck-egress"][data-egress="${goneEgress}"]`);
    await expect(item).toContainText(`room “${gone}”, which LiveKit no longer lists`);
    await expect(item).toContainText("stop it here");
    // The failed stops of the tests before add their own reason.
    await expect(item).toContainText("did not reach an egress service");
    await item.scrollIntoViewIfNeeded();
    await keepScreenshot(page, "attention-stuck-egress");
    await item.getByRole("link", { name: /Open in Recordings/ }).click();
    await expect(page).toHaveURL(new RegExp(`/p/main/recordings\\?room=${gone}`));
  });
});

test("a viewer sees recordings without a stream key anywhere (HAR), and no controls", async ({
  browser,
}, info) => {
  const har = path.join(info.outputDir, "viewer.har");
  const context = await browser.newContext({
    storageState: stateOf("vera"),
    recordHar: { path: har, content: "embed" },
  });
  const page = await context.newPage();
  const rec = new RecordingsPage(page);
  await rec.open(gone);
  await expect(rec.row(goneEgress)).toContainText("rtmp://live.example.com/app/••••");
  await expect(page.getByRole("button", { name: /^(Start recording|Stop|Change)$/ })).toHaveCount(
    0,
  );
  await keepScreenshot(page, "recordings-viewer");
  await page.goto("/p/main/attention");
  await expect(page.getByTestId("stuck-egress").first()).toBeVisible();
  const api = await page.request.get(`/api/p/main/egress?room=${gone}`);
  expect(api.status()).toBe(200);
  await context.close();
  const text = readFileSync(har, "utf8");
  expect(text).toContain(goneEgress);
  expect(text).not.toContain(STREAM_KEY);
  expect(text).not.toContain(S3_SECRET);
});
