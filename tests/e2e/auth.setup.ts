import { mkdirSync } from "node:fs";
import { expect, test as setup } from "@playwright/test";
import { E2E, E2E_PASSWORD, stateOf } from "../support/e2e-env";

/** Signs each test user in over HTTP once and saves the cookie for the specs. */
const users = [
  { user: "ada", app: E2E.app },
  { user: "oscar", app: E2E.app },
  { user: "vera", app: E2E.app },
  { user: "sam", app: E2E.app },
  { user: "root", app: E2E.faultApp },
] as const;

for (const { user, app } of users) {
  setup(`sign in as ${user}`, async ({ request }) => {
    mkdirSync(E2E.authDir, { recursive: true });
    const res = await request.post(`${app}/api/auth/sign-in`, {
      data: { username: user, password: E2E_PASSWORD },
      headers: { origin: app },
    });
    expect(res.status()).toBe(200);
    await request.storageState({ path: stateOf(user) });
  });
}
