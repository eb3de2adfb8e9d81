/**
 * The console's demo agent worker: registers as an agent named DEMO_AGENT_NAME (default
 * "demo-agent"), so LiveKit sends it a job only when something dispatches that name to a room
 * (explicit dispatch); it then joins and publishes a 440 Hz tone, saying "speaking" while the
 * tone plays and "listening" in the pauses (the lk.agent.state attribute the console shows).
 * Usage: LIVEKIT_URL=… LIVEKIT_API_KEY=… LIVEKIT_API_SECRET=… node agent.mjs start
 */
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { cli, defineAgent, ServerOptions } from "@livekit/agents";
import {
  AudioFrame,
  AudioSource,
  LocalAudioTrack,
  RoomEvent,
  TrackPublishOptions,
  TrackSource,
} from "@livekit/rtc-node";

const SAMPLE_RATE = 48_000;
const FRAME_MS = 20;
const SAMPLES = (SAMPLE_RATE * FRAME_MS) / 1000;
const TONE_HZ = 440;
/** Two seconds of tone, then one of silence: the state attribute changes as people watch. */
const ON_FRAMES = 100;
const OFF_FRAMES = 50;

export default defineAgent({
  entry: async (ctx) => {
    await ctx.connect();
    let stopped = false;
    ctx.addShutdownCallback(async () => {
      stopped = true;
    });
    // Removed by an operator (or the room deleted): the loop ends; its pending writes abort.
    ctx.room.on(RoomEvent.Disconnected, () => {
      stopped = true;
    });
    try {
      const local = ctx.room.localParticipant;
      await local.setAttributes({ "lk.agent.state": "initializing" });
      const source = new AudioSource(SAMPLE_RATE, 1);
      const track = LocalAudioTrack.createAudioTrack("tone", source);
      const options = new TrackPublishOptions();
      options.source = TrackSource.SOURCE_MICROPHONE;
      await local.publishTrack(track, options);
      await playTone(source, local, () => stopped);
    } catch (e) {
      // Disconnected at any step (even while publishing) is the end of the job, not an error.
      if (!stopped && ctx.room.isConnected) throw e;
    }
  },
});

async function playTone(source, local, stopped) {
  let phase = 0;
  for (let frame = 0; !stopped(); frame++) {
    const cycle = frame % (ON_FRAMES + OFF_FRAMES);
    if (cycle === 0) await local.setAttributes({ "lk.agent.state": "speaking" });
    if (cycle === ON_FRAMES) await local.setAttributes({ "lk.agent.state": "listening" });
    const data = new Int16Array(SAMPLES);
    if (cycle < ON_FRAMES)
      for (let i = 0; i < SAMPLES; i++) {
        data[i] = Math.round(Math.sin(phase) * 0.2 * 32767);
        phase += (2 * Math.PI * TONE_HZ) / SAMPLE_RATE;
      }
    // captureFrame paces itself: it resolves once the frame fits the source's queue.
    await source.captureFrame(new AudioFrame(data, SAMPLE_RATE, 1, SAMPLES));
  }
}

/** A free loopback port for the worker's health endpoint (0 means its default, 8081). */
const freePort = () =>
  new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });

cli.runApp(
  new ServerOptions({
    agent: fileURLToPath(import.meta.url),
    agentName: process.env.DEMO_AGENT_NAME ?? "demo-agent",
    // Always available: the default measures CPU, and on a busy test machine a worker above
    // its load threshold is skipped, so a dispatch would wait for nobody.
    loadFunc: async () => 0,
    numIdleProcesses: 1,
    // A port of its own on loopback: several workers (console, tests) run side by side, and
    // `port: 0` is read as "the default" (8081), which the second one would find taken.
    host: "127.0.0.1",
    port: Number(process.env.DEMO_AGENT_HTTP_PORT) || (await freePort()),
  }),
);
