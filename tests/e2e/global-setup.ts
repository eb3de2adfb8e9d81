import { startLiveKit } from "../support/livekit";
import { PORTS } from "../support/ports";
import { E2E_KEYS } from "../support/e2e-env";

/** One real livekit-server for the main app; the fault specs start and stop their own. */
export default async function globalSetup() {
  const server = await startLiveKit({ port: PORTS.e2e, ...E2E_KEYS });
  return async () => {
    await server.stop();
  };
}
