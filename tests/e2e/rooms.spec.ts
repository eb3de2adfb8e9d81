import { dispose, DisconnectReason } from "@livekit/rtc-node";
import { E2E, E2E_KEYS } from "../support/e2e-env";
import { joinParticipant } from "../support/participant";
import { PORTS } from "../support/ports";
import { sdk, uniqueRoom } from "../support/sdk";
import { expect, test } from "./fixtures";
import { keepScreenshot, holdAppScripts, appStarted } from "./helpers";

const lk = sdk(PORTS.e2e, E2E_KEYS.apiKey, E2E_KEYS.apiSecret);

test.afterAll(async () => {
  await dispose();
});

test("/ leads to the overview of the operator's first project, /rooms to its rooms", async ({
  page,
}) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/p\/main$/);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await page.goto("/rooms");
  await expect(page).toHaveURL(/\/p\/main\/rooms$/);
  await expect(page.getByRole("heading", { name: "Rooms", exact: true })).toBeVisible();
});

test("create a room through the form; LiveKit has it with the limits typed", async ({
  page,
  rooms,
}) => {
  const name = uniqueRoom("form");
  await rooms.goto();
  const { root: dialog } = await rooms.openCreate();
  await dialog.getByLabel("Name", { exact: true }).fill(name);
  await dialog.getByLabel("Empty timeout (s)").fill("600");
  await dialog.getByLabel("Max participants").fill("-5");
  await dialog.getByLabel("Metadata").fill('{"purpose":"e2e"}');
  await dialog.getByRole("button", { name: "Create room" }).click();

  // The error sits beside its field and nothing typed is lost.
  const max = dialog.getByLabel("Max participants");
  await expect(max).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByText("Max participants must not be negative")).toBeVisible();
  await expect(dialog.getByLabel("Name", { exact: true })).toHaveValue(name);
  expect(await lk.listRooms([name])).toEqual([]);

  await max.fill("20");
  await max.press("Enter");
  await expect(page.getByText(`Room "${name}" created`)).toBeVisible();
  await expect(rooms.row(name)).toBeVisible();
  await expect(rooms.row(name)).toContainText("10 min");
  // Metadata reads in plain words on the row; the raw JSON is its tooltip.
  await expect(rooms.row(name)).toContainText("purpose: e2e");
  await expect(rooms.row(name).getByTitle('{"purpose":"e2e"}')).toBeVisible();

  const [room] = await lk.listRooms([name]);
  expect({
    emptyTimeout: room?.emptyTimeout,
    maxParticipants: room?.maxParticipants,
    metadata: room?.metadata,
  }).toEqual({
    emptyTimeout: 600,
    maxParticipants: 20,
    metadata: '{"purpose":"e2e"}',
  });

  // CreateRoom is an upsert upstream; the console refuses instead of rewriting the room.
  await page.getByRole("button", { name: "Create room" }).click();
  await dialog.getByLabel("Name", { exact: true }).fill(name);
  await dialog.getByLabel("Max participants").fill("2");
  await dialog.getByRole("button", { name: "Create room" }).click();
  await expect(dialog.getByText(`A room named "${name}" already exists`)).toBeVisible();
  expect((await lk.listRooms([name]))[0]?.maxParticipants).toBe(20);
});

test("delete a room with a real participant: warned, typed, disconnected, gone", async ({
  page,
  rooms,
}) => {
  const name = uniqueRoom("standup");
  await lk.createRoom({ name, emptyTimeout: 600, maxParticipants: 20 });
  await lk.createRoom({ name: uniqueRoom("support"), maxParticipants: 4 });
  const alice = await joinParticipant(E2E.livekitWs, name, "alice", E2E_KEYS);
  try {
    await rooms.goto();
    await expect(rooms.row(name)).toBeVisible();
    await keepScreenshot(page, "rooms-page");

    await rooms.deleteButton(name).click();
    const dialog = page.getByRole("alertdialog");
    await expect(dialog).toContainText("1 participant will be disconnected immediately: alice.");
    // Focus starts on a safe choice: the typed confirmation (nothing is deleted until the
    // name is typed); without people inside, on Cancel.
    await expect(dialog.getByLabel(`Type ${name} to confirm`)).toBeFocused();
    const confirm = dialog.getByRole("button", { name: "Delete room" });
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel(`Type ${name} to confirm`).fill(name.slice(0, -1));
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel(`Type ${name} to confirm`).fill(name);
    await expect(confirm).toBeEnabled();
    await keepScreenshot(page, "delete-dialog");
    await confirm.click();

    expect(await alice.disconnected).toBe(DisconnectReason.ROOM_DELETED);
    await expect(
      page.getByText(`Room "${name}" deleted; 1 participant disconnected`),
    ).toBeVisible();
    await expect(rooms.row(name)).toHaveCount(0);
    expect(await lk.listRooms([name])).toEqual([]);
    await keepScreenshot(page, "after-delete");
  } finally {
    await alice.leave();
  }
});

test("a room closed meanwhile is reported as already closed", async ({ page, rooms }) => {
  const name = uniqueRoom("closing");
  await lk.createRoom({ name });
  await rooms.goto();
  await expect(rooms.row(name)).toBeVisible();
  // Freeze the table as it is (the operator's view is a poll behind), then close the room.
  // Its polls are held unanswered: answered with the old list, one landing after the
  // dialog's answer would put the row back (what this test looks at is the dialog's drop).
  await page.route("**/api/p/main/rooms", () => {});
  await lk.deleteRoom(name);
  await rooms.deleteButton(name).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("This room is already closed.");
  await expect(dialog.getByRole("button", { name: "Delete room" })).toHaveCount(0);
  await dialog.getByRole("button", { name: "Close" }).click();
  // The dialog's answer already removed the row, even while the table's data is stale.
  await expect(rooms.row(name)).toHaveCount(0);
  await page.unrouteAll({ behavior: "ignoreErrors" });
});

test("search and sort live in the URL and survive a reload", async ({ page, rooms }) => {
  const prefix = uniqueRoom("srch");
  await lk.createRoom({ name: `${prefix}-small`, maxParticipants: 2 });
  await lk.createRoom({ name: `${prefix}-large`, maxParticipants: 300 });
  await lk.createRoom({ name: uniqueRoom("other") });
  await rooms.goto();
  // Typed once the page runs (React's hydration would reset an earlier value).
  await rooms.ready();
  await rooms.search.fill(prefix);
  await expect(page).toHaveURL(new RegExp(`q=${prefix}`));
  await page.getByRole("link", { name: "Max participants" }).click();
  await expect(page).toHaveURL(/sort=maxParticipants&dir=desc/);
  const names = rooms.names;
  await expect(names).toHaveText([`${prefix}-large`, `${prefix}-small`]);
  await page.reload();
  await expect(rooms.search).toHaveValue(prefix);
  await expect(names).toHaveText([`${prefix}-large`, `${prefix}-small`]);
  await expect(page.getByRole("columnheader", { name: "Max participants" })).toHaveAttribute(
    "aria-sort",
    "descending",
  );
});

test("the first HTML shows the rows themselves, not a hidden part revealed later", async ({
  request,
}) => {
  // Enough rows that React would stream them apart from the page (it outlines a Suspense
  // boundary's content past ~12 KB into a hidden element, revealed by a script later).
  const prefix = uniqueRoom("first-html");
  const names = Array.from({ length: 30 }, (_, i) => `${prefix}-${i}`);
  await Promise.all(names.map((name) => lk.createRoom({ name })));
  try {
    let html = "";
    await expect
      .poll(async () => {
        html = await (await request.get(`/p/main/rooms?q=${encodeURIComponent(prefix)}`)).text();
        return names.filter((n) => html.includes(`data-room="${n}"`)).length;
      })
      .toBe(names.length);
    // Revealed up to 300 ms after the first paint (React throttles reveals): the rows must
    // not wait for that.
    const before = html.slice(0, html.indexOf(`data-room="${prefix}-`));
    expect(/<div hidden id="S:/.test(before), "the rows sit in a hidden streamed part").toBe(false);
  } finally {
    await Promise.all(names.map((name) => lk.deleteRoom(name)));
  }
});

test("the rows come in the page's first HTML, and the page then works", async ({
  page,
  rooms,
  request,
}) => {
  const name = uniqueRoom("first-rows");
  await lk.createRoom({ name });
  const path = `/p/main/rooms?q=${encodeURIComponent(name)}`;
  try {
    // Once the console's shared room list has it, the row comes in the page's first HTML.
    await expect
      .poll(async () => (await (await request.get(path)).text()).includes(`data-room="${name}"`))
      .toBe(true);
    await page.goto(path);
    await expect(rooms.row(name)).toBeVisible();
    // Then the app runs: the search box answers typing, from the app's own state.
    const box = rooms.search;
    await rooms.ready();
    await box.fill(`${name}-none`);
    await expect(page.getByText(`No rooms match “${name}-none”.`)).toBeVisible();
    await box.fill(name);
    await expect(rooms.row(name)).toBeVisible();
  } finally {
    await lk.deleteRoom(name);
  }
});

test("typing in search keeps every letter, and the rows follow each keystroke", async ({
  page,
  rooms,
}) => {
  const prefix = uniqueRoom("typed");
  for (const n of ["a", "b", "c"]) await lk.createRoom({ name: `${prefix}-${n}` });
  await rooms.goto();
  const box = rooms.search;
  // Typing starts once the page runs: each keystroke is timed against the app's own answer.
  // (Text typed before that has a test of its own: "a search typed before the app has started".)
  await rooms.ready();
  // Every text the "updated" clock shows while the searches load (the previous search's rows
  // stand in meanwhile, with their own time, never "20,789 d ago").
  await page.evaluate(`window.__clock = [];
    new MutationObserver(() => window.__clock.push(
      document.querySelector("[data-testid=room-count]").parentElement.textContent,
    )).observe(document.querySelector("[data-testid=room-count]").parentElement, {
      subtree: true, childList: true, characterData: true,
    });`);
  // Each search is asked for once (from the keystroke itself; the table's query waits for
  // that answer instead of asking again). Polls ask again 2 s after an answer: not counted.
  const asked: { q: string; atMs: number }[] = [];
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (u.pathname === "/api/p/main/rooms" && u.searchParams.has("q"))
      asked.push({ q: u.searchParams.get("q")!, atMs: Date.now() });
  });
  await box.focus();
  let typed = "";
  for (const ch of prefix) {
    await page.keyboard.type(ch);
    typed += ch;
    // Read at once, without waiting: the letter is there before any answer arrives.
    expect(await box.inputValue()).toBe(typed);
  }
  await expect(rooms.count).toHaveText(/^3 of [\d,]+ rooms$/);
  await expect(page.locator("tbody tr")).toHaveCount(3);
  expect((await rooms.names.allInnerTexts()).sort()).toEqual(
    ["a", "b", "c"].map((n) => `${prefix}-${n}`),
  );
  await page.keyboard.type("-b");
  await expect(rooms.count).toHaveText(/^1 of [\d,]+ rooms$/);
  await expect(page).toHaveURL(new RegExp(`q=${prefix}-b`));
  const clock = await page.evaluate<string[]>("window.__clock");
  expect(clock.length).toBeGreaterThan(0);
  expect(asked.map((a) => a.q)).toContain(`${prefix}-b`);
  const twice = asked.filter((a, i) =>
    asked.slice(0, i).some((b) => b.q === a.q && a.atMs - b.atMs < 1_000),
  );
  expect(twice).toEqual([]);
  expect(clock.filter((t) => / d ago/.test(t))).toEqual([]);
});

test("a search typed before the app has started is kept, and the rows follow it", async ({
  page,
  rooms,
  request,
}) => {
  const prefix = uniqueRoom("early");
  for (const n of ["a", "b"]) await lk.createRoom({ name: `${prefix}-${n}` });
  try {
    // Both rooms are in the console's shared room list.
    await expect
      .poll(async () => await (await request.get(`/api/p/main/rooms?q=${prefix}`)).text())
      .toContain(`${prefix}-b`);
    // The app's scripts are held until the search is typed: the field is there (server HTML)
    // and takes the letters, but nothing of the app runs yet.
    const release = await holdAppScripts(page);
    await page.goto("/p/main/rooms", { waitUntil: "domcontentloaded" });
    const box = rooms.search;
    await box.fill(`${prefix}-a`);
    // The server's own element, marked: React takes it over (no mismatch, no second drawing).
    await box.evaluate((el) => el.setAttribute("data-from-server", ""));
    expect(await appStarted(page)).toBe(false);
    release();
    await rooms.ready();
    await expect(box).toHaveAttribute("data-from-server", "");
    await expect(rooms.count).toHaveText(/^1 of [\d,]+ rooms$/);
    await expect(page.locator("tbody tr[data-room]")).toHaveCount(1);
    await expect(rooms.row(`${prefix}-a`)).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`q=${prefix}-a`));
    // The table refreshes and renders the field again: the letters stay.
    await page.waitForResponse((r) => new URL(r.url()).pathname === "/api/p/main/rooms");
    await expect(box).toHaveValue(`${prefix}-a`);
    await expect(rooms.count).toHaveText(/^1 of [\d,]+ rooms$/);
  } finally {
    for (const n of ["a", "b"]) await lk.deleteRoom(`${prefix}-${n}`).catch(() => undefined);
  }
});

test("sorting works before the page's scripts run: the column headers are links", async ({
  page,
  rooms,
  request,
}) => {
  const prefix = uniqueRoom("early-sort");
  await lk.createRoom({ name: `${prefix}-small`, maxParticipants: 2 });
  await lk.createRoom({ name: `${prefix}-large`, maxParticipants: 300 });
  try {
    await expect
      .poll(async () => await (await request.get(`/api/p/main/rooms?q=${prefix}`)).text())
      .toContain(`${prefix}-large`);
    const release = await holdAppScripts(page);
    await page.goto(`/p/main/rooms?q=${prefix}`, { waitUntil: "domcontentloaded" });
    const names = rooms.names;
    await expect(names).toHaveText([`${prefix}-large`, `${prefix}-small`]); // newest first
    await page.getByRole("link", { name: "Max participants" }).click();
    await expect(page).toHaveURL(/sort=maxParticipants&dir=desc/);
    // The server drew the sorted page: the app has not run.
    await expect(page.getByRole("columnheader", { name: "Max participants" })).toHaveAttribute(
      "aria-sort",
      "descending",
    );
    await expect(names).toHaveText([`${prefix}-large`, `${prefix}-small`]);
    await page.getByRole("link", { name: "Max participants" }).click();
    await expect(page).toHaveURL(/sort=maxParticipants&dir=asc/);
    await expect(names).toHaveText([`${prefix}-small`, `${prefix}-large`]);
    expect(await appStarted(page)).toBe(false);
    // Once it runs, the same link sorts in place: no page load.
    release();
    await rooms.ready();
    await page.evaluate(() => ((window as { sameDocument?: boolean }).sameDocument = true));
    await page.getByRole("link", { name: "Max participants" }).click();
    await expect(page).toHaveURL(/sort=maxParticipants&dir=desc/);
    await expect(names).toHaveText([`${prefix}-large`, `${prefix}-small`]);
    expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(
      true,
    );
  } finally {
    for (const n of ["small", "large"])
      await lk.deleteRoom(`${prefix}-${n}`).catch(() => undefined);
  }
});

test("the table follows LiveKit by itself, without a reload", async ({ page, rooms }) => {
  const name = uniqueRoom("appears");
  await rooms.goto();
  await expect(page.getByText(/live · updated/)).toBeVisible();
  // Live without an endless animation: one keeps the browser drawing 60 frames a second for
  // as long as the tab is open (the "live" dot's pulse cost Chromium 60–120 ms of CPU a second).
  const endless = await page.evaluate(() =>
    document
      .getAnimations()
      .filter((a) => a.effect?.getComputedTiming().iterations === Infinity)
      .map((a) => (a.effect as KeyframeEffect | null)?.target?.outerHTML.slice(0, 120)),
  );
  expect(endless).toEqual([]);
  await lk.createRoom({ name });
  await expect(rooms.row(name)).toBeVisible({ timeout: 6_000 });
  await lk.deleteRoom(name);
  await expect(rooms.row(name)).toHaveCount(0, { timeout: 6_000 });
});

test("the rows come without the live layer; when it cannot load, the page says so and recovers", async ({
  page,
  rooms,
}) => {
  const name = uniqueRoom("engine");
  await lk.createRoom({ name });
  try {
    // The console has listed it (its shared list is refreshed every 2 s while watched).
    await expect
      .poll(async () => {
        const res = await page.request.get(`/api/p/main/rooms?q=${encodeURIComponent(name)}`);
        return ((await res.json()) as { data?: { matching: number } }).data?.matching;
      })
      .toBe(1);
    // The live layer (react-query) comes in chunks the page imports once it runs: refuse the
    // one with react-query's provider (its message names it).
    let refuse = true;
    await page.route("**/_next/static/chunks/*.js", async (route) => {
      const res = await route.fetch();
      const body = await res.text();
      if (refuse && body.includes("No QueryClient set")) return route.abort("connectionrefused");
      return route.fulfill({ response: res, body });
    });
    await page.goto(`/p/main/rooms?q=${encodeURIComponent(name)}`);
    await expect(rooms.row(name)).toBeVisible();
    const banner = page.locator("[data-banner]");
    await expect(banner).toContainText("Live updates could not start");
    await expect(banner).toContainText("live updates could not load from the console");
    await expect(banner).not.toContainText("LiveKit is unreachable");
    await keepScreenshot(page, "live-layer-failed");
    // Let it load: the next attempt (one interval later) succeeds and the table is live again.
    refuse = false;
    await expect(banner).toHaveCount(0, { timeout: 8_000 });
    await lk.deleteRoom(name);
    await expect(rooms.row(name)).toHaveCount(0, { timeout: 6_000 });
  } finally {
    await lk.deleteRoom(name).catch(() => undefined);
  }
});

test("when the console itself does not answer, the banner does not blame LiveKit", async ({
  page,
  rooms,
}) => {
  await rooms.goto();
  await expect(page.getByText(/live · updated/)).toBeVisible();
  // The browser loses the console (the server stopped, the network between): its polls fail.
  await page.route("**/api/p/**", (route) => route.abort("connectionrefused"));
  const banner = page.locator("[data-banner]");
  await expect(banner).toContainText("The console's server is not answering", {
    timeout: 8_000,
  });
  await expect(banner).toContainText("The console is not answering");
  await expect(banner).not.toContainText("LiveKit is unreachable");
  await page.unroute("**/api/p/**");
  await expect(banner).toHaveCount(0, { timeout: 8_000 });
});

test("focus on a row's Delete never passes to another room when the rows shift under it", async ({
  page,
  rooms,
}) => {
  const older = uniqueRoom("shift-old");
  await lk.createRoom({ name: older });
  await rooms.goto();
  const del = rooms.deleteButton(older);
  await expect(del).toBeVisible();
  await del.focus();
  // A newer room lists first (newest on top): the rows move down by one on the next refresh.
  const newer = uniqueRoom("shift-new");
  await lk.createRoom({ name: newer });
  await expect(rooms.row(newer)).toBeVisible();
  const focused = page.locator(":focus");
  // Either still on this room's own button (rows kept their rooms) or on the table itself:
  // never on a control that now acts on another room.
  await expect(focused).not.toHaveAttribute("aria-label", `Delete room ${newer}`);
  const label = await focused.getAttribute("aria-label");
  expect([`Delete room ${older}`, "Rooms"]).toContain(label);
  await page.keyboard.press("Enter");
  // Enter on the table opens nothing; on its own button, the dialog names the focused room.
  const dialog = page.getByRole("alertdialog");
  if (label === "Rooms") await expect(dialog).toHaveCount(0);
  else await expect(dialog).toContainText(older);
});
