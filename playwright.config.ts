import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { PORTS } from "./tests/support/ports";
import {
  E2E,
  E2E_HASH,
  E2E_KEYS,
  E2E_SECOND_SECRET,
  E2E_SESSION_SECRET,
  stateOf,
} from "./tests/support/e2e-env";

/**
 * The fixture's operators file with each project's LiveKit at this run's port: the fixture names
 * the base ports, and with LKA_TEST_PORT_OFFSET the console read (and changed) the LiveKit of
 * another checkout's run. Written only when it differs, whole (the config is loaded by every
 * worker, and a file half written would be read by a console already running).
 */
function operatorsFile(): string {
  const urls: Record<string, string> = {
    main: E2E.livekitWs,
    second: `ws://127.0.0.1:${PORTS.e2eSecond}`,
  };
  const fixture = JSON.parse(readFileSync(E2E.operatorsFile, "utf8")) as {
    projects: { name: string; url: string }[];
  };
  for (const p of fixture.projects) p.url = urls[p.name] ?? p.url;
  const text = `${JSON.stringify(fixture, null, 2)}\n`;
  const file = path.resolve(__dirname, "test-results/e2e-operators.json");
  let current = "";
  try {
    current = readFileSync(file, "utf8");
  } catch {
    /* not written yet */
  }
  if (current !== text) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(`${file}.${process.pid}`, text);
    renameSync(`${file}.${process.pid}`, file);
  }
  return file;
}

// One seed per run for the property-based suite (tests/e2e/fuzz.spec.ts), printed by it.
process.env.FUZZ_SEED ??= String(Date.now() % 2 ** 31);

const server = (appPort: number, env: Record<string, string>) => ({
  // The suite runs against the production build (test.sh runs `next build` first).
  // Server logs go to a file (the fuzz suite alone makes thousands of warning lines).
  command: `mkdir -p test-results && exec node scripts/server.mjs -H 127.0.0.1 -p ${appPort} >> test-results/app-${appPort}.log 2>&1`,
  url: `http://127.0.0.1:${appPort}/api/health`,
  reuseExistingServer: false,
  timeout: 60_000,
  stdout: "ignore" as const,
  env: { NEXT_TELEMETRY_DISABLED: "1", SESSION_SECRET: E2E_SESSION_SECRET, ...env },
});

const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results/e2e",
  globalSetup: "./tests/e2e/global-setup.ts",
  // Specs share LiveKit servers and start/stop one of them: run them in order.
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  // Enforced by the runner, so even a worker stuck in native code cannot hang CI.
  globalTimeout: 45 * 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: [["list"], ["json", { outputFile: "test-results/e2e-report.json" }]],
  use: {
    baseURL: E2E.app,
    viewport: { width: 1400, height: 900 },
    screenshot: "only-on-failure",
    // Off: recording a trace for every test (to keep only the failures') cost the suite a
    // quarter of its CPU here, a11y.spec 266 core-seconds against 198, most of it Chromium
    // encoding screencast frames. A failure keeps its screenshot and error context; to record
    // traces, run `npx playwright test --trace retain-on-failure`.
    trace: "off",
    launchOptions: chromium,
  },
  // Specs with real rtc-node participants each get a worker process of their own, so native
  // state never carries from one file to the next.
  projects: [
    { name: "sign-in", testMatch: /auth\.setup\.ts/ },
    {
      name: "console",
      dependencies: ["sign-in"],
      testIgnore:
        /(rooms|room-page|attention|history|overview|keyboard|telephony|watch|instances|oidc)\.spec\.ts/,
      use: { storageState: stateOf("oscar") },
    },
    // Its own servers (two consoles, HAProxy, Redis), signed in by itself.
    { name: "instances", testMatch: /\/instances\.spec\.ts$/ },
    // Sign-on: its own OpenID provider and two consoles configured for it, signed in by itself.
    { name: "oidc", testMatch: /\/oidc\.spec\.ts$/ },
    ...[
      "rooms",
      "room-page",
      "attention",
      "history",
      "overview",
      "keyboard",
      "telephony",
      "watch",
    ].map((spec) => ({
      name: spec,
      dependencies: ["sign-in"],
      testMatch: new RegExp(`/${spec}\\.spec\\.ts$`),
      use: { storageState: stateOf("oscar") },
    })),
  ],
  webServer: [
    // Two projects on two LiveKit servers, operators from a file.
    server(PORTS.e2eApp, {
      LIVEKIT_ADMIN_CONFIG: operatorsFile(),
      LIVEKIT_ADMIN_DATA_DIR: "test-results/data-main",
      // Typed confirmation from two rooms up, so the browser suite meets it.
      BULK_CONFIRM_ABOVE: "1",
      // The fuzz suite makes thousands of changes; the limit itself is tested in integration.
      MUTATIONS_PER_MINUTE: "1000000",
      // An agent dispatched and never joined is a reason after 5 s (30 by default), so the agents
      // spec waits seconds for it, not half a minute.
      ATTENTION_AGENT_JOIN_SEC: "5",
      E2E_MAIN_SECRET: E2E_KEYS.apiSecret,
      E2E_SECOND_SECRET,
    }),
    // The env-only setup: project "default", one admin, a LiveKit the fault specs stop and start.
    server(PORTS.e2eFaultApp, {
      LIVEKIT_URL: `ws://127.0.0.1:${PORTS.e2eFault}`,
      LIVEKIT_API_KEY: E2E_KEYS.apiKey,
      LIVEKIT_API_SECRET: E2E_KEYS.apiSecret,
      LIVEKIT_ADMIN_DATA_DIR: "test-results/data-fault",
      ADMIN_USERNAME: "root",
      ADMIN_PASSWORD_HASH: E2E_HASH,
      // Rooms count as too old after 5 s, so a reason and an age can be compared live.
      ATTENTION_MAX_AGE_SEC: "5",
      // As if behind a reverse proxy on this host: forwarded headers from 127.0.0.1 stand.
      TRUST_PROXY: "127.0.0.1",
      // The HAProxy of docs/scaling.md sets all three (tests/e2e/hostile-requests.spec.ts runs it).
      TRUST_PROXY_HEADERS: "for,proto,host",
      // Watch and listen turned off: even its admin gets neither the button nor a token.
      WATCH_ROLE: "none",
    }),
  ],
});
