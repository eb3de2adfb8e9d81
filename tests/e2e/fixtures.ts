import { test as base, type BrowserContext, type Page } from "@playwright/test";
import { stateOf } from "../support/e2e-env";
import { RoomsPage } from "./pages/rooms-page";
import { SignInPage } from "./pages/sign-in-page";

/** The test users signed in once by auth.setup.ts, each with the role its name says. */
export type User = Parameters<typeof stateOf>[0];

/**
 * The browser suite's fixtures: page objects over the test's own page, and `pageAs(user)` for
 * a second person in the same test (a context of their own, signed in from the saved state,
 * closed when the test ends).
 */
export const test = base.extend<{
  rooms: RoomsPage;
  signInPage: SignInPage;
  pageAs: (user: User) => Promise<Page>;
}>({
  rooms: async ({ page }, provide) => provide(new RoomsPage(page)),
  signInPage: async ({ page }, provide) => provide(new SignInPage(page)),
  pageAs: async ({ browser }, provide) => {
    const opened: BrowserContext[] = [];
    await provide(async (user) => {
      const context = await browser.newContext({ storageState: stateOf(user) });
      opened.push(context);
      return context.newPage();
    });
    await Promise.all(opened.map((c) => c.close()));
  },
});

export { expect } from "@playwright/test";
