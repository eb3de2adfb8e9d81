import { PORTS } from "./ports";

/**
 * Distinctive credentials for the browser suite, so a leak of the secret into anything the
 * browser can load is detectable by a plain search.
 */
export const E2E_KEYS = {
  apiKey: "e2ekey",
  apiSecret: "e2e-secret-4c9d1f7a2b6e8035c1d9f4a7b2e6081d",
} as const;

export const E2E = {
  app: `http://127.0.0.1:${PORTS.e2eApp}`,
  faultApp: `http://127.0.0.1:${PORTS.e2eFaultApp}`,
  livekitWs: `ws://127.0.0.1:${PORTS.e2e}`,
  faultLivekitUrl: `http://127.0.0.1:${PORTS.e2eFault}`,
} as const;
