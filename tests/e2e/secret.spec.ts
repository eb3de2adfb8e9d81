import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { E2E_KEYS, E2E_SECOND_SECRET, E2E_SESSION_SECRET, stateOf } from "../support/e2e-env";

test.use({ storageState: stateOf("ada") });
const SECRETS = [E2E_KEYS.apiSecret, E2E_SECOND_SECRET, E2E_SESSION_SECRET];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

test("no file under .next/static and nothing served to the browser holds an API or session secret", async ({
  page,
  request,
}) => {
  const staticFiles = filesUnder(path.resolve(__dirname, "../../.next/static"));
  expect(staticFiles.length).toBeGreaterThan(0);
  for (const f of staticFiles)
    for (const s of SECRETS) expect(readFileSync(f, "utf8"), f).not.toContain(s);

  // Everything the browser actually loads while using the page, including API answers.
  const bodies: string[] = [];
  page.on("response", async (res) => {
    try {
      bodies.push(`${res.url()}\n${await res.text()}`);
    } catch {
      /* redirects and aborted loads have no body */
    }
  });
  await page.goto("/p/main/rooms");
  await page.getByRole("button", { name: "Create room" }).click();
  await page.waitForLoadState("networkidle");
  for (const path_ of ["/p/main/rooms", "/api/p/main/rooms", "/api/health", "/sign-in"]) {
    bodies.push(await (await request.get(path_)).text());
  }
  expect(bodies.length).toBeGreaterThan(5);
  for (const b of bodies) for (const s of SECRETS) expect(b).not.toContain(s);
});
