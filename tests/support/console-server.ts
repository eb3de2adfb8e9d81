/**
 * What the console's own server (scripts/server.mjs) adds to every request, for route handlers
 * called in-process: the client's address and the proof the app checks it by. The integration
 * setup (tests/integration/env.ts) gives the process the same proof, as the server does.
 */
export const TEST_PROOF = "integration-console-server-proof";

export const viaConsoleServer = (address: string) => ({
  "x-lka-client-address": address,
  "x-lka-proof": TEST_PROOF,
});
