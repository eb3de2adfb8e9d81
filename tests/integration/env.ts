import { PORTS } from "../support/ports";

// The console under test talks to the suite's own livekit-server.
process.env.LIVEKIT_URL = `ws://127.0.0.1:${PORTS.integration}`;
process.env.LIVEKIT_API_KEY = "devkey";
process.env.LIVEKIT_API_SECRET = "secret";
