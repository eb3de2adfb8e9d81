/**
 * Live demo traffic: real participants in the example rooms, publishing a tone (and one a
 * video), chatting and coming and going. Stops cleanly on Ctrl-C / SIGTERM.
 *   tsx scripts/demo-traffic.ts [--url ws://127.0.0.1:7880] [--no-video]
 * Keys come from LIVEKIT_API_KEY / LIVEKIT_API_SECRET, else the local dev keys.
 */
import { LOCAL_DEV_SERVER } from "@/lib/config-schema";
import { toWebSocketUrl } from "@/lib/livekit/url";
import { EXAMPLE_ROOMS } from "@/lib/rooms/seed";
import { startTraffic } from "@/scripts/demo/traffic";

const args = process.argv.slice(2);
const urlArg = args.indexOf("--url");
const wsUrl = urlArg >= 0 ? args[urlArg + 1]! : toWebSocketUrl(LOCAL_DEV_SERVER.url);

const traffic = startTraffic({
  wsUrl,
  apiKey: process.env.LIVEKIT_API_KEY ?? LOCAL_DEV_SERVER.apiKey,
  apiSecret: process.env.LIVEKIT_API_SECRET ?? LOCAL_DEV_SERVER.apiSecret,
  rooms: EXAMPLE_ROOMS.map((r) => r.name),
  video: !args.includes("--no-video"),
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`demo-traffic: ${signal}, leaving the rooms`);
  // Leaving is polite, not essential: never let a stuck disconnect keep the process alive.
  setTimeout(() => process.exit(0), 5_000).unref();
  await traffic.stop();
  console.log("demo-traffic: stopped");
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));

traffic.ready.then(
  () => console.log(`demo-traffic: ${traffic.participants().length} participants live on ${wsUrl}`),
  (e: unknown) => {
    console.error(
      `demo-traffic: could not join ${wsUrl}: ${e instanceof Error ? e.message : String(e)}`,
    );
    process.exit(1);
  },
);
