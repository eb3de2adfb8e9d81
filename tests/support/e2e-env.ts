import path from "node:path";
import { PORTS } from "./ports";

/**
 * Distinctive credentials for the browser suite, so a leak of a secret into anything the
 * browser can load is detectable by a plain search.
 */
export const E2E_KEYS = {
  apiKey: "e2ekey",
  apiSecret: "e2e-secret-4c9d1f7a2b6e8035c1d9f4a7b2e6081d",
} as const;
export const E2E_SECOND_SECRET = "e2e-second-secret-7b1e0c9a5d3f2e8a6c4b1d0f9e7a";
export const E2E_SESSION_SECRET = "e2e-session-secret-1f8b3c6d9e2a5f7c0b4d8e1a3c6f9b2d";
export const E2E_PASSWORD = "e2e-password-1";
// scrypt hash of E2E_PASSWORD, as in fixtures/operators.json.
export const E2E_HASH =
  "scrypt$32768$8$1$dNHGH05aB3o6k39KzIsnOQ$tk_5WkMdM99JTVEJtssy08bTQvCeVOW1jKYhtKV4CPs";

export const E2E = {
  app: `http://127.0.0.1:${PORTS.e2eApp}`,
  faultApp: `http://127.0.0.1:${PORTS.e2eFaultApp}`,
  livekitWs: `ws://127.0.0.1:${PORTS.e2e}`,
  faultLivekitUrl: `http://127.0.0.1:${PORTS.e2eFault}`,
  operatorsFile: path.resolve(__dirname, "../e2e/fixtures/operators.json"),
  authDir: path.resolve(__dirname, "../../test-results/auth"),
} as const;

/** Saved sign-in state per user, made by tests/e2e/auth.setup.ts. */
export const stateOf = (user: "ada" | "oscar" | "vera" | "sam" | "root") =>
  path.join(E2E.authDir, `${user}.json`);
