import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { E2E_KEYS } from "../support/e2e-env";

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

test("no file under .next/static and nothing served to the browser holds the API secret", async ({
  page,
  request,
}) => {
  const staticFiles = filesUnder(path.resolve(__dirname, "../../.next/static"));
  expect(staticFiles.length).toBeGreaterThan(0);
  for (const f of staticFiles) expect(readFileSync(f, "utf8"), f).not.toContain(E2E_KEYS.apiSecret);

  // Everything the browser actually loads while using the page, including API answers.
  const bodies: string[] = [];
  page.on("response", async (res) => {
    try {
      bodies.push(`${res.url()}\n${await res.text()}`);
    } catch {
      /* redirects and aborted loads have no body */
    }
  });
  await page.goto("/rooms");
  await page.getByRole("button", { name: "Create room" }).click();
  await page.waitForLoadState("networkidle");
  for (const path_ of ["/rooms", "/api/rooms", "/api/health"]) {
    bodies.push(await (await request.get(path_)).text());
  }
  expect(bodies.length).toBeGreaterThan(5);
  for (const b of bodies) expect(b).not.toContain(E2E_KEYS.apiSecret);
});
