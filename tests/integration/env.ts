import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeEach, vi } from "vitest";
import { signSession } from "@/lib/auth/token";
import { sessionAudience } from "@/lib/auth/session";
import { cookieJar, setSessionToken } from "../support/session-cookie";
import { PORTS } from "../support/ports";
import { TEST_PROOF } from "../support/console-server";

// In-process calls look like a plain-HTTP loopback request: the cookie is lka_session.
vi.mock("next/headers", () => ({
  cookies: async () => cookieJar,
  headers: async () => new Headers({ host: "127.0.0.1:3000" }),
}));

export const SESSION_SECRET = "integration-session-secret-0123456789abcdef";
// scrypt hash of "livekit-demo" (any valid hash will do here).
export const ADMIN_HASH =
  "scrypt$32768$8$1$1QdLvbUP-zBGXPEQQfGWaA$lY9RrG-J6w_nJfgqmHlwXhZ_XNgfHiPZbQjfSjhS2N8";

// The console under test talks to the suite's own livekit-server as project "default".
process.env.LIVEKIT_URL = `ws://127.0.0.1:${PORTS.integration}`;
process.env.LIVEKIT_API_KEY = "devkey";
process.env.LIVEKIT_API_SECRET = "secret";
process.env.SESSION_SECRET = SESSION_SECRET;
// As scripts/server.mjs does at start: route handlers believe x-lka-* headers carrying it.
process.env.LKA_SERVER_PROOF = TEST_PROOF;
process.env.ADMIN_USERNAME = "root";
process.env.ADMIN_PASSWORD_HASH = ADMIN_HASH;
delete process.env.LIVEKIT_ADMIN_CONFIG;
// Audit records go to an embedded PGlite database of this run (tests/integration/audit.test.ts
// covers PostgreSQL too).
process.env.LIVEKIT_ADMIN_DATA_DIR = mkdtempSync(path.join(tmpdir(), "lka-data-"));
delete process.env.DATABASE_URL;
delete process.env.LIVEKIT_ADMIN_DEMO;
// Suites make many changes quickly; limits.test.ts lowers this where the limit is under test.
process.env.MUTATIONS_PER_MINUTE = "100000";

/** Tests act as the env-configured admin unless they sign in as someone else. */
beforeEach(async () => {
  setSessionToken(
    await signSession("root", new TextEncoder().encode(SESSION_SECRET), {
      audience: await sessionAudience(),
    }),
  );
});
