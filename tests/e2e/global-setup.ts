import { startLiveKit } from "../support/livekit";
import { PORTS } from "../support/ports";
import { E2E, E2E_KEYS, E2E_SECOND_SECRET } from "../support/e2e-env";

/** Real livekit-servers for the two projects of the main app; the fault specs run their own. */
export default async function globalSetup() {
  // Each posts its webhooks to the console's receiver for its project (History).
  const main = await startLiveKit({
    port: PORTS.e2e,
    ...E2E_KEYS,
    webhooks: [`${E2E.app}/api/webhooks/main`],
  });
  const second = await startLiveKit({
    port: PORTS.e2eSecond,
    apiKey: E2E_KEYS.apiKey,
    apiSecret: E2E_SECOND_SECRET,
    webhooks: [`${E2E.app}/api/webhooks/second`],
  });
  return async () => {
    await Promise.all([main.stop(), second.stop()]);
  };
}
