import { defineConfig } from "@playwright/test";
import { PORTS } from "./tests/support/ports";
import { E2E_KEYS } from "./tests/support/e2e-env";

const server = (appPort: number, livekitPort: number) => ({
  // The suite runs against the production build (test.sh runs `next build` first).
  command: `npx next start -H 127.0.0.1 -p ${appPort}`,
  url: `http://127.0.0.1:${appPort}/api/health`,
  reuseExistingServer: false,
  timeout: 60_000,
  stdout: "pipe" as const,
  env: {
    NEXT_TELEMETRY_DISABLED: "1",
    LIVEKIT_URL: `ws://127.0.0.1:${livekitPort}`,
    LIVEKIT_API_KEY: E2E_KEYS.apiKey,
    LIVEKIT_API_SECRET: E2E_KEYS.apiSecret,
  },
});

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results/e2e",
  globalSetup: "./tests/e2e/global-setup.ts",
  // Specs share one LiveKit per app and start/stop a second one: run them in order.
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: [["list"], ["json", { outputFile: "test-results/e2e-report.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${PORTS.e2eApp}`,
    viewport: { width: 1400, height: 900 },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: [server(PORTS.e2eApp, PORTS.e2e), server(PORTS.e2eFaultApp, PORTS.e2eFault)],
});
