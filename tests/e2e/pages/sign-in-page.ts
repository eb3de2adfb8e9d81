import type { Locator, Page } from "@playwright/test";
import { E2E_PASSWORD } from "../../support/e2e-env";

/** The sign-in form. */
export class SignInPage {
  readonly username: Locator;
  readonly password: Locator;
  readonly submit: Locator;

  constructor(readonly page: Page) {
    this.username = page.getByLabel("Username");
    this.password = page.getByLabel("Password");
    this.submit = page.getByRole("button", { name: "Sign in" });
  }

  async goto(next?: string, opts?: { waitUntil?: "load" | "domcontentloaded" }) {
    return this.page.goto(`/sign-in${next ? `?next=${encodeURIComponent(next)}` : ""}`, opts);
  }

  /** "Sign in with <provider>", where the console is configured for sign-on. */
  signOnWith(provider: string) {
    return this.page.getByRole("link", { name: `Sign in with ${provider}` });
  }

  /** Fills both fields and submits (the test users share one password unless given). */
  async signIn(user: string, password = E2E_PASSWORD) {
    await this.username.fill(user);
    await this.password.fill(password);
    await this.submit.click();
  }
}
