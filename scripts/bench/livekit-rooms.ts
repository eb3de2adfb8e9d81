/**
 * LiveKit alone at many rooms, the figures to set beside the console's where LiveKit itself is
 * the limit: how fast rooms are created at a few concurrencies, what one ListRooms costs at
 * each step (the Twirp JSON's time and bytes, and the SDK's call with its parse), and what
 * livekit-server itself spends holding them idle (CPU, memory).
 *   npm run bench:livekit-rooms [-- --rooms 100000 --steps 10000,50000,100000 --keep]
 * With --keep the server stays up with its rooms (its pid printed; stop it by that pid), for
 * `bench:browser --livekit URL` and `bench:live-view --livekit URL`. With --livekit URL
 * --livekit-pid PID it measures a server already running.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { RoomServiceClient } from "livekit-server-sdk";
import { forEachLimited } from "@/lib/concurrency";
import { startLiveKit } from "../../tests/support/livekit";
import { arg, benchPort, ms, pct, procStats, twirpListRooms } from "./console";

const ROOMS = Number(arg("rooms", "100000"));
const STEPS = arg("steps", "10000,50000,100000").split(",").map(Number);
/** Concurrencies compared on the first rooms (each on its own batch), the rest at the last. */
const CONCURRENCY = arg("concurrency", "16,64,128").split(",").map(Number);
const PROBE_BATCH = 2_000;
const KEEP = process.argv.includes("--keep");
const EXISTING = arg("livekit", "");

async function create(rs: RoomServiceClient, from: number, to: number, concurrency: number) {
  const names = Array.from({ length: to - from }, (_, i) => `bench-${from + i}`);
  const t = performance.now();
  await forEachLimited(names, concurrency, async (name) => {
    await rs.createRoom({ name, emptyTimeout: 3600 });
  });
  const s = (performance.now() - t) / 1000;
  return { s, perS: names.length / s };
}

async function main() {
  const server = EXISTING ? undefined : await startLiveKit({ port: benchPort(7960) });
  const url = EXISTING || server!.url;
  const pid = server?.pid ?? Number(arg("livekit-pid", "0"));
  const rs = new RoomServiceClient(url, "devkey", "secret", { requestTimeout: 600 });
  const lk = () => procStats(pid);
  try {
    let have = (await rs.listRooms()).length;
    console.log(`livekit-server at ${url} (pid ${pid}), ${have} rooms to start with`);
    // Concurrencies compared on batches of the first rooms.
    for (const c of have < PROBE_BATCH * CONCURRENCY.length ? CONCURRENCY : []) {
      const r = await create(rs, have, have + PROBE_BATCH, c);
      console.log(
        `  create ${PROBE_BATCH} rooms at ${c} concurrent (from ${have}): ${r.s.toFixed(1)} s, ${r.perS.toFixed(0)} rooms/s`,
      );
      have += PROBE_BATCH;
    }
    const c = CONCURRENCY.at(-1)!;
    for (const step of STEPS.filter((x) => x <= ROOMS)) {
      if (have < step) {
        const cpu0 = lk().cpuS;
        const r = await create(rs, have, step, c);
        console.log(
          `  create rooms ${have}–${step} at ${c} concurrent: ${r.s.toFixed(1)} s, ${r.perS.toFixed(0)} rooms/s (livekit-server CPU ${(lk().cpuS - cpu0).toFixed(1)} s)`,
        );
        have = step;
        // LiveKit is busy for a while after creating thousands of rooms: not what is measured.
        await sleep(10_000);
      }
      const twirp: number[] = [];
      const sdk: number[] = [];
      let bytes = 0;
      for (let i = 0; i < 3; i++) {
        const r = await twirpListRooms(url);
        twirp.push(r.ms);
        bytes = r.bytes;
        const t = performance.now();
        const n = (await rs.listRooms()).length;
        sdk.push(performance.now() - t);
        if (n !== step) console.log(`  (listed ${n} rooms, expected ${step})`);
      }
      const cpu0 = lk().cpuS;
      await sleep(10_000);
      const idleCpu = (lk().cpuS - cpu0) / 10;
      console.log(
        [
          `${step.toLocaleString("en-US")} rooms:`,
          `  ListRooms Twirp JSON ${(bytes / 1e6).toFixed(1)} MB, ${twirp.map((x) => x.toFixed(0)).join(" / ")} ms to the last byte (p50 ${ms(pct(twirp, 50))})`,
          `  SDK listRooms with its parse: ${sdk.map((x) => x.toFixed(0)).join(" / ")} ms (p50 ${ms(pct(sdk, 50))})`,
          `  livekit-server idle: ${(idleCpu * 100).toFixed(0)} % of a core, RSS ${lk().rssMiB.toFixed(0)} MiB`,
        ].join("\n"),
      );
    }
  } finally {
    if (KEEP && server)
      console.log(`kept: livekit-server ${url}, pid ${pid} (stop: kill -- -${pid})`);
    else await server?.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
