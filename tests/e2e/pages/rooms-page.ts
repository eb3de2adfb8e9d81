import { expect, type Locator, type Page } from "@playwright/test";

/** A project's rooms table, as an operator sees and uses it. */
export class RoomsPage {
  readonly search: Locator;
  readonly names: Locator;
  readonly count: Locator;

  constructor(
    readonly page: Page,
    readonly project = "main",
  ) {
    this.search = page.getByLabel("Search rooms by name");
    this.names = page.locator("tbody tr th");
    this.count = page.getByTestId("room-count");
  }

  /** Opens the table, with `query` (search and sort) in the address as a shared link holds it. */
  async goto(query = "", opts?: { waitUntil?: "load" | "domcontentloaded" }) {
    return this.page.goto(`/p/${this.project}/rooms${query ? `?${query}` : ""}`, opts);
  }

  row(name: string): Locator {
    return this.page.locator(`tr[data-room="${name}"]`);
  }

  deleteButton(name: string): Locator {
    return this.page.getByRole("button", { name: `Delete room ${name}` });
  }

  /**
   * Waits until the app runs the search box (the server's HTML takes typing earlier; this is
   * for tests that time the app's own answer to each keystroke).
   */
  async ready() {
    await expect(this.search).toHaveAttribute("data-hydrated", "true");
  }

  /** The create-room dialog, opened. */
  async openCreate(): Promise<CreateRoomDialog> {
    await this.page.getByRole("button", { name: "Create room" }).click();
    return new CreateRoomDialog(this.page);
  }

  /** Creates a room through the form and waits for the console to say so. */
  async createRoom(name: string) {
    const dialog = await this.openCreate();
    await dialog.name.fill(name);
    await dialog.submit.click();
    await expect(this.page.getByText(`Room "${name}" created`)).toBeVisible();
  }
}

export class CreateRoomDialog {
  readonly root: Locator;
  readonly name: Locator;
  readonly submit: Locator;

  constructor(page: Page) {
    this.root = page.getByRole("dialog", { name: "Create room" });
    this.name = this.root.getByLabel("Name", { exact: true });
    this.submit = this.root.getByRole("button", { name: "Create room" });
  }

  field(label: string): Locator {
    return this.root.getByLabel(label);
  }
}
