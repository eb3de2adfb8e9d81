import { expect, type Page } from "@playwright/test";

/** The Recordings page and its start form, as an operator uses them. */
export class RecordingsPage {
  constructor(readonly page: Page) {}

  dialog = () => this.page.getByRole("dialog");

  async open(room?: string) {
    await this.page.goto(`/p/main/recordings${room ? `?room=${encodeURIComponent(room)}` : ""}`);
    await expect(this.page.getByRole("heading", { name: "Recordings", exact: true })).toBeVisible();
  }

  row = (egressId: string) => this.page.locator(`tr[data-egress="${egressId}"]`);

  async openStart(room: string) {
    await this.page.getByRole("button", { name: "Start recording" }).click();
    await this.dialog().getByLabel("Room", { exact: true }).fill(room);
  }

  filePath = () => this.dialog().getByLabel("File path", { exact: true });

  start = () => this.dialog().getByRole("button", { name: "Start", exact: true }).click();
}
