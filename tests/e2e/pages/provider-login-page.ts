import type { Locator, Page } from "@playwright/test";

/** The test OpenID provider's own login form (tests/support/oidc-provider.mjs). */
export class ProviderLoginPage {
  readonly heading: Locator;
  readonly login: Locator;
  readonly password: Locator;
  readonly submit: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "Test Identity Provider" });
    this.login = page.getByLabel("Login");
    this.password = page.getByLabel("Password");
    this.submit = page.getByRole("button", { name: "Sign in" });
  }

  async signIn(login: string, password: string) {
    await this.login.fill(login);
    await this.password.fill(password);
    await this.submit.click();
  }
}
