import { expect, test } from "@playwright/test";
import { E2E, E2E_KEYS, E2E_PASSWORD, stateOf } from "../support/e2e-env";
import { PORTS } from "../support/ports";
import { sdk, uniqueRoom } from "../support/sdk";
import { builtActions, callAction, cookieOf, resultOf } from "../support/server-actions";
import { keepScreenshot, row } from "./helpers";

/** Defects found by testing as a new user and as an attacker would (issue 8), kept fixed. */
const lk = sdk(PORTS.e2e, E2E_KEYS.apiKey, E2E_KEYS.apiSecret);
const actions = builtActions({ project: "main", room: "x" });
const action = (name: string) => actions.find((a) => a.name === name)!;

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("sign-out revokes the token for pages and server actions too, not only for routes", async ({
    page,
    request,
  }) => {
    const signIn = await page.request.post("/api/auth/sign-in", {
      data: { username: "oscar", password: E2E_PASSWORD },
      headers: { origin: E2E.app },
    });
    expect(signIn.status()).toBe(200);
    const old = (await page.context().cookies()).find((c) => c.name === "lka_session")!.value;
    await page.goto("/p/main/rooms");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in\?signed-out=1/);

    const rendered = await request.get("/p/main/rooms", {
      headers: { cookie: `lka_session=${old}` },
      maxRedirects: 0,
    });
    expect(rendered.status()).toBe(307);
    expect(rendered.headers().location).toMatch(/^\/sign-in\?next=/);
    const name = uniqueRoom("after-sign-out");
    for (const [act, input] of [
      ["createRoom", { project: "main", name }],
      ["deleteRoom", { project: "main", name: "anything", confirmedParticipants: 0 }],
      ["startBulkDelete", { project: "main", rooms: ["anything"] }],
    ] as const) {
      const { body } = await callAction(request, action(act), input, {
        cookie: old,
        origin: E2E.app,
      });
      expect(resultOf(body), act).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    }
    expect(await lk.listRooms([name])).toEqual([]);
  });

  for (const asked of [
    "/p/main/attention?reason=empty_past_timeout",
    "/p/main/rooms?q=stuck",
    "/p/main/rooms/all-hands",
  ]) {
    test(`a deep link survives sign-in: ${asked}`, async ({ page }) => {
      await page.goto(asked);
      await expect(page).toHaveURL(/\/sign-in\?next=/);
      await page.getByLabel("Username").fill("oscar");
      await page.getByLabel("Password").fill(E2E_PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page).toHaveURL(`${E2E.app}${asked}`);
    });
  }

  test("sign-in never follows a link off this console", async ({ page }) => {
    for (const next of [
      "//evil.example/p/main/rooms",
      "https://evil.example/",
      "/\\evil.example",
    ]) {
      await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
      await page.getByLabel("Username").fill("oscar");
      await page.getByLabel("Password").fill(E2E_PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page).toHaveURL(`${E2E.app}/p/main`);
      await page.context().clearCookies();
    }
  });
});

test.describe("room names", () => {
  const odd = ["sp ace", "🎉 party", "مرحبا", "a/b", "q?x=1", "hash#1", "per%cent", "../x"];

  test("a room whose name needs URL encoding opens, with its name as the heading", async ({
    page,
  }) => {
    const suffix = uniqueRoom("");
    const names = odd.map((n) => `${n}${suffix}`);
    for (const name of names) await lk.createRoom({ name, maxParticipants: 9 });
    await page.goto(`/p/main/rooms?q=${encodeURIComponent(suffix)}`);
    for (const name of names) {
      // The rows' links are plain anchors navigated by the table's one handler: the room opens
      // in the same document (client-side), as next/link would.
      await page.evaluate(() => ((window as { sameDocument?: boolean }).sameDocument = true));
      await row(page, name).getByRole("link", { name, exact: true }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
      expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(
        true,
      );
      await expect(page.getByText("No room by this name is open")).toHaveCount(0);
      await expect(page.getByText("9", { exact: true }).first()).toBeVisible();
      await page.goBack();
    }
    await page.goto(`/p/main/rooms/${encodeURIComponent(names[6]!)}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(names[6]!);
    await keepScreenshot(page, "room-with-percent-in-name");
  });

  test("look-alike names are refused on create, and existing ones are shown and deletable", async ({
    page,
  }) => {
    await page.goto("/p/main/rooms");
    await page.getByRole("button", { name: "Create room" }).click();
    const dialog = page.getByRole("dialog", { name: "Create room" });
    for (const [typed, rule] of [
      [" lead", "must not start or end with a space"],
      ["\u202Eevil\u202C", "U+202E (right-to-left override)"],
      ["\u200B", "must not be blank"],
    ] as const) {
      await dialog.getByLabel("Name", { exact: true }).fill(typed);
      await dialog.getByLabel("Empty timeout (s)").fill("0x10");
      await dialog.getByRole("button", { name: "Create room" }).click();
      await expect(dialog.getByText(rule)).toBeVisible();
      await expect(
        dialog.getByText("Empty timeout must be a whole number written with digits 0–9"),
      ).toBeVisible();
    }
    await page.keyboard.press("Escape");

    // Made by another client: still listed, told apart, and deletable.
    const name = `\u202E${uniqueRoom("evil")}\u202C`;
    await lk.createRoom({ name });
    await page.getByLabel("Search rooms by name").fill(name.slice(1, -1));
    await expect(row(page, name)).toContainText("⟨U+202E⟩");
    await keepScreenshot(page, "look-alike-names");
    await row(page, name)
      .getByRole("button", { name: /^Delete room/ })
      .click();
    const confirm = page.getByRole("alertdialog");
    await expect(confirm).toContainText("⟨U+202E⟩");
    await confirm.getByRole("button", { name: "Delete room" }).click();
    await expect(row(page, name)).toHaveCount(0);
    expect(await lk.listRooms([name])).toEqual([]);
  });
});

test.describe("the rooms table", () => {
  test("says '3 of N rooms' while searching, and bulk-deletes from the table", async ({ page }) => {
    const prefix = uniqueRoom("bulk-table");
    const names = [0, 1, 2].map((i) => `${prefix}-${i}`);
    for (const name of names) await lk.createRoom({ name });
    await page.goto(`/p/main/rooms?q=${prefix}`);
    await expect(page.getByTestId("room-count")).toHaveText(/^3 of [\d,]+ rooms$/);
    await page.getByLabel("Select all 3 matching rooms").check();
    await page.getByRole("button", { name: "Delete 3 rooms" }).click();
    const dialog = page.getByRole("alertdialog");
    await expect(dialog).toContainText("3 rooms will be deleted");
    await dialog.getByLabel(/Type delete 3 rooms to confirm/).fill("delete 3 rooms");
    await dialog.getByRole("button", { name: "Delete 3 rooms" }).click();
    await expect(dialog.getByTestId("bulk-summary")).toContainText("3 deleted");
    expect(await lk.listRooms(names)).toEqual([]);
  });
});

test.describe("needs attention", () => {
  test("search and reason live in the URL and survive a reload", async ({ page }) => {
    await page.goto("/p/main/attention");
    // Once the page runs: letters typed while React takes over the HTML can be reset.
    await expect(page.getByLabel("Search stuck rooms by name")).toHaveAttribute(
      "data-hydrated",
      "true",
    );
    await page.getByLabel("Search stuck rooms by name").fill("nothing-like-this");
    await expect(page).toHaveURL(/q=nothing-like-this/);
    await page.reload();
    await expect(page.getByLabel("Search stuck rooms by name")).toHaveValue("nothing-like-this");
  });
});

test.describe("the audit trail", () => {
  test.use({ storageState: stateOf("ada") });

  test("a refused create shows the parameters the operator sent", async ({ page, request }) => {
    const name = uniqueRoom("refused");
    const { body } = await callAction(
      request,
      action("createRoom"),
      { project: "main", name, emptyTimeout: "600", maxParticipants: "4" },
      { cookie: cookieOf(stateOf("vera")), origin: E2E.app },
    );
    expect(resultOf(body)).toMatchObject({ ok: false, error: { code: "forbidden" } });
    await page.goto(`/p/main/audit?actor=vera&action=room.create`);
    const line = page.locator("tr[data-audit='room.create']").first();
    await expect(line).toContainText("refused · forbidden");
    await expect(line).toContainText(`"name":"${name}"`);
    await expect(line).toContainText(`"emptyTimeout":"600"`);
  });
});

test.describe("malformed server-action requests", () => {
  test("answer 4xx, never 5xx, and the console stays healthy", async ({ request }) => {
    const cookie = cookieOf(stateOf("oscar"));
    const create = action("createRoom");
    const bodies: [string, string][] = [
      ["empty", ""],
      ["not json", "not json"],
      ["10,001 arguments", JSON.stringify(Array(10_001).fill(1))],
      ["5,000 deep", `[${"[".repeat(5000)}${"]".repeat(5000)}]`],
      ["a string over 1 MiB", JSON.stringify([{ project: "main", name: "x".repeat(1_100_000) }])],
      ["a reference the client never sends", JSON.stringify([{ project: "main", name: "$1" }])],
    ];
    for (const [what, body] of bodies) {
      const res = await callAction(request, create, undefined, { cookie, origin: E2E.app, body });
      expect(res.status, what).toBeGreaterThanOrEqual(400);
      expect(res.status, what).toBeLessThan(500);
    }
    const evil = await callAction(
      request,
      create,
      { project: "main", name: uniqueRoom("x") },
      {
        cookie,
        origin: "http://evil.example",
      },
    );
    expect(evil.status).toBe(403);
    expect((await request.get("/api/health")).status()).toBe(200);
  });
});
