import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { dispose } from "@livekit/rtc-node";
import { decodeJwt } from "jose";
import { E2E, E2E_KEYS, stateOf } from "../support/e2e-env";
import { startLiveKit } from "../support/livekit";
import { joinParticipant, type TestParticipant } from "../support/participant";
import { PORTS } from "../support/ports";
import { sdk, uniqueRoom } from "../support/sdk";
import { builtActions, callAction, cookieOf, resultOf } from "../support/server-actions";
import { firstLoadJs } from "@/scripts/bench/first-load";
import { keepScreenshot, violations } from "./helpers";

/**
 * Watch and listen (docs/watch.md), against the real livekit-server: a real rtc-node publisher
 * sends colour bars and a tone; the browser joins hidden with livekit-client and shows them.
 */
const ROOM = uniqueRoom("watch");
const PUBLISHER = "bars-and-tone";
const QUIET = "dead-microphone";
const lk = sdk(PORTS.e2e, E2E_KEYS.apiKey, E2E_KEYS.apiSecret);
const actions = builtActions({ project: "main", room: ROOM });
const action = (name: string) => actions.find((a) => a.name === name)!;
let publisher: TestParticipant;
let quiet: TestParticipant;

const watchers = async (room = ROOM, client = lk) =>
  (await client.listParticipants(room)).filter((p) => p.identity.startsWith("console-watch:"));

test.beforeAll(async () => {
  await lk.createRoom({ name: ROOM });
  publisher = await joinParticipant(E2E.livekitWs, ROOM, PUBLISHER, {
    ...E2E_KEYS,
    publishAudio: true,
    publishVideo: true,
  });
  // An unmuted microphone that sends only silence.
  quiet = await joinParticipant(E2E.livekitWs, ROOM, QUIET, {
    ...E2E_KEYS,
    publishAudio: true,
    toneHz: 0,
  });
});

test.afterAll(async () => {
  await publisher.leave();
  await quiet.leave();
  await lk.deleteRoom(ROOM).catch(() => undefined);
  await dispose();
});

/** The mean brightness (0-255) of the video's current frame, drawn into a canvas. */
const brightness = (page: Page) =>
  page
    .locator("video")
    .first()
    .evaluate((v: HTMLVideoElement) => {
      if (v.videoWidth === 0) return 0;
      const c = document.createElement("canvas");
      c.width = v.videoWidth;
      c.height = v.videoHeight;
      const g = c.getContext("2d")!;
      g.drawImage(v, 0, 0);
      const px = g.getImageData(0, 0, c.width, c.height).data;
      let sum = 0;
      for (let i = 0; i < px.length; i += 4) sum += (px[i]! + px[i + 1]! + px[i + 2]!) / 3;
      return sum / (px.length / 4);
    });

const auditCsv = async (page: Page, action: string) => {
  const res = await page.request.get(
    `/api/p/main/audit/csv?${new URLSearchParams({ action, target: ROOM })}`,
  );
  expect(res.status()).toBe(200);
  return res.text();
};

test.describe("as an admin (WATCH_ROLE unset: admins only)", () => {
  test.use({ storageState: stateOf("ada") });

  test("Watch shows the colour bars, the tone's level and stats; stopping leaves LiveKit at once; both ends are audited", async ({
    page,
  }) => {
    await page.goto(`/p/main/rooms/${ROOM}`);
    await expect(page.getByText("2 participants ·")).toBeVisible();
    await page.getByRole("button", { name: "Watch", exact: true }).click();
    await expect(
      page.getByRole("status").filter({ hasText: "You are watching this room." }),
    ).toBeVisible();

    // The hidden listener is in LiveKit under a name that says who it is...
    await expect
      .poll(async () => (await watchers()).map((p) => p.identity))
      .toEqual([expect.stringMatching(/^console-watch:ada:[0-9a-f]{8}$/)]);
    const [watcher] = await watchers();
    expect(watcher?.permission?.hidden).toBe(true);
    expect(watcher?.permission?.canPublish).toBe(false);

    // ...and the video plays: not black (the colour bars average well above 40).
    await expect(page.getByLabel(`Video from ${PUBLISHER}`)).toBeVisible();
    await expect.poll(() => brightness(page), { timeout: 15_000 }).toBeGreaterThan(40);
    // The tone moves its meter while muted (nobody has unmuted it).
    const meter = page.getByRole("meter", { name: `Audio level of ${PUBLISHER}` });
    await expect
      .poll(async () => Number(await meter.getAttribute("aria-valuenow")), { timeout: 15_000 })
      .toBeGreaterThan(0);
    // Unmuting plays the tone (the element was playing muted all along, for the meter).
    const audio = page.locator("audio").first();
    expect(await audio.evaluate((a: HTMLAudioElement) => a.muted)).toBe(true);
    await page.getByRole("button", { name: `Unmute ${PUBLISHER}` }).click();
    await expect(page.getByRole("button", { name: `Mute ${PUBLISHER}` })).toHaveAttribute(
      "aria-pressed",
      "true",
    );
    const playing = page.getByRole("listitem", { name: PUBLISHER }).locator("audio");
    await expect
      .poll(() => playing.evaluate((a: HTMLAudioElement) => !a.muted && !a.paused))
      .toBe(true);
    const stats = page.getByRole("listitem", { name: PUBLISHER }).getByTestId("track-stats");
    await expect(stats.first()).toContainText(
      /320×180 · \d+ fps · \d+ kbps · loss [\d.]+% · jitter \d+ ms/,
    );
    await expect(stats.nth(1)).toContainText(/\d+ kbps · loss [\d.]+% · jitter \d+ ms/);
    // As LiveKit reports it for each participant (it needs a few seconds to first say).
    await expect(page.getByTestId("connection-quality")).toHaveText([
      /connection (excellent|good|poor)/,
      /connection (excellent|good|poor)/,
    ]);
    // The room's own list does not count the watcher, after its next poll too (LiveKit's
    // ListParticipants does list it: see above).
    await page.waitForTimeout(2_500);
    await expect(page.getByText("2 participants ·")).toBeVisible();
    console.log(
      `LiveKit's numParticipants while watched: ${(await lk.listRooms([ROOM]))[0]?.numParticipants}`,
    );
    // Silence on an unmuted track is named after 5 s; the tone is not.
    const silent = page.getByText("silent: check the microphone or the agent's output");
    await expect(silent).toHaveCount(1, { timeout: 10_000 });
    await expect(page.getByRole("listitem", { name: QUIET })).toContainText("silent:");
    await expect(page.getByRole("listitem", { name: PUBLISHER })).not.toContainText("silent:");
    await keepScreenshot(page, "watch-colour-bars-and-meter");
    expect(await violations(page)).toEqual([]);

    await page.getByRole("button", { name: "Stop watching" }).click();
    const stoppedAt = Date.now();
    await expect.poll(async () => (await watchers()).length, { timeout: 2_000 }).toBe(0);
    const leftAfterMs = Date.now() - stoppedAt;
    console.log(`watcher gone from LiveKit ${leftAfterMs} ms after Stop watching`);
    await expect(page.getByRole("button", { name: "Watch", exact: true })).toBeEnabled();

    const started = await auditCsv(page, "room.watch.start");
    expect(started).toContain(`"ada","admin","main","room.watch.start","${ROOM}","ok"`);
    expect(started).toContain(`{""maxMin"":15}`);
    await expect.poll(() => auditCsv(page, "room.watch.end")).toContain(`${watcher!.identity}`);
    // Written "pending" before the call, "ok" once LiveKit and the watch's record are done.
    await expect
      .poll(() => auditCsv(page, "room.watch.end"))
      .toContain(`"room.watch.end","${ROOM}","ok"`);
    expect(await auditCsv(page, "room.watch.end")).toContain(`""reason"":""stopped""`);
  });

  test("Watch works on a room page reached from the rooms table without a page load, after switching project", async ({
    page,
  }) => {
    // Loaded in the other project first: its policy names only its own LiveKit.
    await page.goto("/p/second/rooms");
    await page.getByRole("button", { name: "Project second" }).click();
    await page
      .getByRole("list", { name: "Projects" })
      .getByRole("link", { name: "main Admin" })
      .click();
    await expect(page).toHaveURL(/\/p\/main\/rooms$/);
    // Set on the rooms list's document: had the way to the room loaded one, this would go.
    await page.evaluate(() => ((window as { listDocument?: boolean }).listDocument = true));
    await page.getByPlaceholder("Search by name").fill(ROOM);
    await page.getByRole("link", { name: ROOM, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/p/main/rooms/${ROOM}$`));
    await expect(page.getByText("2 participants ·")).toBeVisible();
    expect(await page.evaluate(() => (window as { listDocument?: boolean }).listDocument)).toBe(
      true,
    );
    const blocked: string[] = [];
    page.on("console", (m) => {
      if (m.text().includes("Content Security Policy")) blocked.push(m.text());
    });
    await page.getByRole("button", { name: "Watch", exact: true }).click();
    await expect(page.getByLabel(`Video from ${PUBLISHER}`)).toBeVisible();
    await expect.poll(() => brightness(page), { timeout: 15_000 }).toBeGreaterThan(40);
    expect(blocked).toEqual([]);
    await keepScreenshot(page, "watch-after-client-navigation");
    await page.getByRole("button", { name: "Stop watching" }).click();
    await expect.poll(async () => (await watchers()).length, { timeout: 2_000 }).toBe(0);
  });

  test("LiveKit's browser SDK loads only when Watch is pressed; the rooms page's first-load JS stays within 160 KiB", async ({
    page,
  }) => {
    const rooms = await firstLoadJs(
      E2E.app,
      "/p/main/rooms",
      `lka_session=${cookieOf(stateOf("ada"))}`,
    );
    console.log(`rooms page first-load JS: ${(rooms / 1024).toFixed(1)} KiB gzip`);
    expect(rooms).toBeLessThanOrEqual(160 * 1024);
    // A line of livekit-client's own (its signal connection's log message).
    const sdkLoaded: string[] = [];
    page.on("response", async (res) => {
      if (res.url().endsWith(".js") && (await res.text()).includes("signal connecting to"))
        sdkLoaded.push(res.url());
    });
    await page.goto(`/p/main/rooms/${ROOM}`);
    await expect(page.getByText("2 participants ·")).toBeVisible();
    await page.waitForLoadState("networkidle");
    expect(sdkLoaded).toEqual([]);
    await page.getByRole("button", { name: "Watch", exact: true }).click();
    await expect.poll(() => sdkLoaded.length).toBe(1);
    await page.getByRole("button", { name: "Stop watching" }).click();
    await expect.poll(async () => (await watchers()).length, { timeout: 2_000 }).toBe(0);
  });

  test("navigating away ends the watch at once", async ({ page }) => {
    await page.goto(`/p/main/rooms/${ROOM}`);
    await page.getByRole("button", { name: "Watch", exact: true }).click();
    await expect.poll(async () => (await watchers()).length).toBe(1);
    await page.getByRole("link", { name: "← All rooms" }).click();
    await expect.poll(async () => (await watchers()).length, { timeout: 2_000 }).toBe(0);
  });

  test("closing the tab ends the watch at once", async ({ browser }) => {
    const page = await browser.newPage({ storageState: stateOf("ada") });
    await page.goto(`/p/main/rooms/${ROOM}`);
    await page.getByRole("button", { name: "Watch", exact: true }).click();
    await expect.poll(async () => (await watchers()).length).toBe(1);
    // As a person closing it: the page is told it is going (pagehide), then it is gone.
    await page.close({ runBeforeUnload: true });
    await expect.poll(async () => (await watchers()).length, { timeout: 2_000 }).toBe(0);
  });

  test("the maximum ends the watch by itself, said in words and recorded", async ({ page }) => {
    // The page's own clock, so 15 minutes pass at once; LiveKit's clock is untouched.
    await page.clock.install();
    await page.goto(`/p/main/rooms/${ROOM}`);
    await page.getByRole("button", { name: "Watch", exact: true }).click();
    await expect(page.getByText("You are watching this room.")).toBeVisible();
    await expect.poll(async () => (await watchers()).length).toBe(1);
    const [watcher] = await watchers();
    await page.clock.fastForward("15:00");
    await expect(page.getByText("The watch reached its maximum length")).toBeVisible();
    await expect.poll(async () => (await watchers()).length, { timeout: 2_000 }).toBe(0);
    await expect
      .poll(async () =>
        (await auditCsv(page, "room.watch.end"))
          .split("\r\n")
          .find((line) => line.includes(watcher!.identity)),
      )
      .toContain(`""reason"":""maximum""`);
  });

  test("the token over raw HTTP: hidden, subscribe-only, this room, a minute; never in the audit or logs; refused for a room that is not there", async ({
    request,
  }) => {
    const cookie = cookieOf(stateOf("ada"));
    const { body } = await callAction(
      request,
      action("startWatch"),
      { project: "main", room: ROOM },
      {
        cookie,
        origin: E2E.app,
      },
    );
    const grant = resultOf(body)?.data as { token: string; identity: string; url: string };
    const claims = decodeJwt(grant.token);
    expect(claims.video).toEqual({
      roomJoin: true,
      room: ROOM,
      hidden: true,
      canSubscribe: true,
      canPublish: false,
      canPublishData: false,
      canUpdateOwnMetadata: false,
    });
    expect(claims.sub).toBe(grant.identity);
    expect(claims.exp! - claims.nbf!).toBeLessThanOrEqual(60);
    // The second project has no such room: its keys mint nothing for it.
    for (const [project, room] of [
      ["second", ROOM],
      ["main", uniqueRoom("not-there")],
    ]) {
      const refused = await callAction(
        request,
        action("startWatch"),
        { project, room },
        {
          cookie,
          origin: E2E.app,
        },
      );
      expect(resultOf(refused.body)?.error?.code, `${project}/${room}`).toBe("not_found");
      expect(refused.body).not.toContain("eyJ");
    }
    const ended = await callAction(
      request,
      action("endWatch"),
      { project: "main", room: ROOM, identity: grant.identity },
      { cookie, origin: E2E.app },
    );
    expect(resultOf(ended.body)?.ok).toBe(true);
    const csv = await request.get(`/api/p/main/audit/csv?target=${ROOM}`, {
      headers: { Cookie: `lka_session=${cookie}` },
    });
    expect(await csv.text()).not.toContain(grant.token);
    const log = readFileSync(path.resolve(`test-results/app-${PORTS.e2eApp}.log`), "utf8");
    expect(log).not.toContain(grant.token);
  });
});

test.describe("refused", () => {
  for (const [who, user] of [
    ["a viewer", "vera"],
    ["an operator", "oscar"],
  ] as const) {
    test(`${who} gets neither the button nor a token`, async ({ browser, request }) => {
      const page = await browser.newPage({ storageState: stateOf(user) });
      await page.goto(`/p/main/rooms/${ROOM}`);
      await expect(page.getByText("2 participants ·")).toBeVisible();
      await expect(page.getByRole("button", { name: "Watch", exact: true })).toHaveCount(0);
      await page.close();
      const { body } = await callAction(
        request,
        action("startWatch"),
        { project: "main", room: ROOM },
        {
          cookie: cookieOf(stateOf(user)),
          origin: E2E.app,
        },
      );
      expect(resultOf(body)?.error?.code).toBe("forbidden");
      expect(body).not.toContain("eyJ");
    });
  }

  test("with WATCH_ROLE=none not even an admin does", async ({ browser, request }) => {
    // The env-only console's LiveKit runs only while a spec needs it.
    const server = await startLiveKit({ port: PORTS.e2eFault, ...E2E_KEYS });
    const fault = sdk(PORTS.e2eFault, E2E_KEYS.apiKey, E2E_KEYS.apiSecret);
    const room = uniqueRoom("watch-off");
    await fault.createRoom({ name: room });
    try {
      const page = await browser.newPage({ baseURL: E2E.faultApp, storageState: stateOf("root") });
      await page.goto(`/p/default/rooms/${room}`);
      await expect(page.getByText("0 participants ·")).toBeVisible();
      await expect(page.getByRole("button", { name: "Watch", exact: true })).toHaveCount(0);
      await page.close();
      const off = builtActions({ project: "default", room }).find((a) => a.name === "startWatch")!;
      const { body } = await callAction(
        request,
        { ...off, page: `${E2E.faultApp}${off.page}` },
        { project: "default", room },
        { cookie: cookieOf(stateOf("root")), origin: E2E.faultApp },
      );
      expect(resultOf(body)?.error).toMatchObject({
        code: "forbidden",
        message: expect.stringContaining("turned this off"),
      });
      expect(body).not.toContain("eyJ");
    } finally {
      await server.stop();
    }
  });
});
