/**
 * Browser benchmark: in Debian Chromium, keystroke → rows and navigation → first rows on the
 * rooms page against a plain page that draws the same rooms (interleaved, same run), plus the
 * first-load JS. The part of `bench:live-view` a page's speed depends on, without the tabs.
 *   npm run bench:browser [-- --rooms 10000 --rounds 3 --repeat 2 --warm 20 --livekit URL]
 * With --livekit it uses a livekit-server already running there (devkey/secret) and leaves it
 * and its rooms as they are, so a build can be measured again and again on the same rooms.
 * Past --real-rooms (10,000), a proxy adds the rest of the rooms to LiveKit's lists, at its
 * own pace (--list-ms-per-room; see many-rooms.ts). Needs `npm run build` first.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { RoomServiceClient } from "livekit-server-sdk";
import { forEachLimited } from "@/lib/concurrency";
import { startLiveKit, type LiveKitServer } from "../../tests/support/livekit";
import { measureBrowser } from "./browser-search";
import { arg, benchPort, ms, pct, startConsole, tab } from "./console";
import { firstLoadJs } from "./first-load";
import { startManyRooms } from "./many-rooms";

const ROOMS = Number(arg("rooms", "10000"));
const ROUNDS = Number(arg("rounds", "3"));
const REPEAT = Number(arg("repeat", "1"));
const EXISTING = arg("livekit", "");
const WARM_S = Number(arg("warm", "20"));
const REAL_ROOMS = Number(arg("real-rooms", "10000"));
const MS_PER_ROOM = Number(arg("list-ms-per-room", "0.12"));

async function main() {
  const server: LiveKitServer | undefined = EXISTING
    ? undefined
    : await startLiveKit({ port: benchPort(7955) });
  const real = EXISTING || server!.url;
  const many =
    ROOMS > REAL_ROOMS
      ? await startManyRooms(real, {
          prefix: "bench-",
          from: REAL_ROOMS,
          to: ROOMS,
          msPerRoom: MS_PER_ROOM,
        })
      : undefined;
  const url = many?.url ?? real;
  const rs = new RoomServiceClient(real, "devkey", "secret", { requestTimeout: 120 });
  const have = (await rs.listRooms()).length;
  const want = Math.min(ROOMS, REAL_ROOMS);
  if (have < want) {
    const names = Array.from({ length: want - have }, (_, i) => `bench-${have + i}`);
    await forEachLimited(names, 64, async (name) => {
      await rs.createRoom({ name, emptyTimeout: 3600 });
    });
    // LiveKit is busy for a while after creating thousands of rooms: not what is measured.
    await sleep(10_000);
  }
  const app = await startConsole({ port: benchPort(3310), livekitUrl: url });
  try {
    // Steady state, as a console that has been open a while: one tab watching for WARM_S
    // seconds first (the first scans record every room's history and read participant lists).
    await tab(app.base, app.cookie, Date.now() + WARM_S * 1000, {
      latencies: [],
      bytes: [],
      notModified: 0,
      failed: 0,
    });
    const kib = (b: number) => `${(b / 1024).toFixed(1)} KiB`;
    const roomsJs = await firstLoadJs(app.base, "/p/default/rooms", app.cookie);
    const signInJs = await firstLoadJs(app.base, "/sign-in", "");
    console.log(
      `first-load JS (gzip): rooms page ${kib(roomsJs)}, sign-in page ${kib(signInJs)}, ratio ${(roomsJs / signInJs).toFixed(2)}`,
    );
    const [name, value] = app.cookie.split("=") as [string, string];
    const all = new RoomServiceClient(url, "devkey", "secret", { requestTimeout: 120 });
    const rooms = (await all.listRooms()).map((r) => ({
      name: r.name,
      numParticipants: r.numParticipants,
    }));
    for (let i = 0; i < REPEAT; i++) {
      const b = await measureBrowser({
        consoleUrl: app.base,
        cookie: { name, value },
        rooms,
        rounds: ROUNDS,
      });
      console.log(
        [
          `Chromium, ${rooms.length.toLocaleString("en-US")} rooms (set ${i + 1} of ${REPEAT}):`,
          `  keystroke → rows: ours p50 ${ms(pct(b.ours, 50))}, p95 ${ms(pct(b.ours, 95))}; plain page p50 ${ms(pct(b.plain, 50))}, p95 ${ms(pct(b.plain, 95))}`,
          `    ours, each keystroke in order, per round: ${b.ours.map((x) => x.toFixed(0)).join(" ")}`,
          `  navigation → first rows: ours p50 ${ms(pct(b.navOurs, 50))}; plain page p50 ${ms(pct(b.navPlain, 50))}; ratio ${(pct(b.navOurs, 50) / pct(b.navPlain, 50)).toFixed(2)}`,
          `  first row painted (Element Timing): ours p50 ${ms(pct(b.paintOurs, 50))}; plain page p50 ${ms(pct(b.paintPlain, 50))}; ratio ${(pct(b.paintOurs, 50) / pct(b.paintPlain, 50)).toFixed(2)}`,
          `  our page, from navigation start: first HTML byte p50 ${ms(pct(b.oursResponse, 50))}, last HTML byte p50 ${ms(pct(b.oursResponseEnd, 50))}, first row in the document p50 ${ms(pct(b.oursInserted, 50))}; the plain page's first HTML byte p50 ${ms(pct(b.plainResponse, 50))}`,
        ].join("\n"),
      );
    }
  } finally {
    app.stop();
    await many?.close();
    await server?.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
