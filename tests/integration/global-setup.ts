import { startLiveKit, type LiveKitServer } from "../support/livekit";
import { PORTS } from "../support/ports";

let server: LiveKitServer | undefined;

export async function setup() {
  server = await startLiveKit({ port: PORTS.integration });
}

export async function teardown() {
  await server?.stop();
}
