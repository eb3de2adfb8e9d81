/**
 * Live-view benchmark: N open tabs polling the rooms table of a real livekit-server on
 * loopback, through the production build, with a counting proxy between the console and
 * LiveKit. For each room count it prints, in one run:
 *   - ListRooms calls that reached LiveKit vs the ideal (one per 2 s interval),
 *   - poll latency p50/p95/p99 vs one raw SDK listRooms (measured interleaved, same run),
 *   - failed polls, bytes per poll (and 304s) vs LiveKit's Twirp JSON for the same rooms,
 *   - the console's memory (RSS) at the start and end of the load.
 *   npm run bench:live-view [-- --rooms 100,1000,10000 --tabs 50 --seconds 30]
 * Needs `npm run build` first.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { AccessToken, RoomServiceClient } from "livekit-server-sdk";
import { forEachLimited } from "@/lib/concurrency";
import { startCountingProxy } from "../../tests/support/counting-proxy";
import { startLiveKit } from "../../tests/support/livekit";
import { measureBrowser } from "./browser-search";
import { arg, ms, pct, startConsole, tab, type TabStats } from "./console";
import { firstLoadJs } from "./first-load";

const SIZES = arg("rooms", "100,1000,10000").split(",").map(Number);
const TABS = Number(arg("tabs", "50"));
const SECONDS = Number(arg("seconds", "30"));
/** With --soak N: after the sizes, N more seconds of the tabs at the last size, RSS sampled. */
const SOAK = Number(arg("soak", "0"));
const INTERVAL_MS = 2_000;
const LK_PORT = 7950;
const APP_PORT = 3300;
/** LiveKit's own answer for the rooms, as Twirp JSON, uncompressed: the size baseline. */
async function twirpJsonBytes(url: string): Promise<number> {
  const at = new AccessToken("devkey", "secret", { ttl: 60 });
  at.addGrant({ roomList: true });
  const res = await fetch(`${url}/twirp/livekit.RoomService/ListRooms`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${await at.toJwt()}`,
      "Content-Type": "application/json",
      "Accept-Encoding": "identity",
    },
    body: "{}",
  });
  return (await res.arrayBuffer()).byteLength;
}

async function createRooms(rs: RoomServiceClient, n: number) {
  const have = (await rs.listRooms()).length;
  const names = Array.from({ length: n - have }, (_, i) => `bench-${have + i}`);
  await forEachLimited(names, 64, async (name) => {
    await rs.createRoom({ name, emptyTimeout: 3600 });
  });
}

async function main() {
  const server = await startLiveKit({ port: LK_PORT });
  const proxy = await startCountingProxy(server.url);
  const app = await startConsole({ port: APP_PORT, livekitUrl: proxy.wsUrl });
  const rs = new RoomServiceClient(server.url, "devkey", "secret");
  const lines: string[] = [];
  try {
    const kib = (b: number) => `${(b / 1024).toFixed(1)} KiB`;
    const roomsJs = await firstLoadJs(app.base, "/p/default/rooms", app.cookie);
    const signInJs = await firstLoadJs(app.base, "/sign-in", "");
    console.log(
      `first-load JS (gzip): rooms page ${kib(roomsJs)}, sign-in page ${kib(signInJs)}, ratio ${(roomsJs / signInJs).toFixed(2)}`,
    );
    for (const size of SIZES) {
      await createRooms(rs, size);
      // Warm up, then measure raw SDK calls and single console polls interleaved.
      await fetch(`${app.base}/api/p/default/rooms`, { headers: { Cookie: app.cookie } });
      const raw: number[] = [];
      const single: number[] = [];
      for (let i = 0; i < 10; i++) {
        let t = performance.now();
        await rs.listRooms();
        raw.push(performance.now() - t);
        t = performance.now();
        await (
          await fetch(`${app.base}/api/p/default/rooms`, { headers: { Cookie: app.cookie } })
        ).arrayBuffer();
        single.push(performance.now() - t);
      }
      const twirp = await twirpJsonBytes(server.url);
      proxy.reset();
      const rssBefore = app.rss();
      const stats: TabStats = { latencies: [], bytes: [], notModified: 0, failed: 0 };
      const until = Date.now() + SECONDS * 1000;
      // The raw SDK call keeps being sampled during the load, interleaved with the tabs.
      const rawUnderLoad: number[] = [];
      const sampler = (async () => {
        while (Date.now() < until) {
          const t = performance.now();
          await rs.listRooms();
          rawUnderLoad.push(performance.now() - t);
          await sleep(3_000);
        }
      })();
      const consoleCalls0 = proxy.calls("ListRooms");
      const t0 = Date.now();
      await Promise.all([
        ...Array.from({ length: TABS }, () => tab(app.base, app.cookie, until, stats)),
        sampler,
      ]);
      const upstream = proxy.calls("ListRooms") - consoleCalls0;
      // Over the window as it really lasted (the last answers arrive after its end).
      const ideal = Math.round((Date.now() - t0) / INTERVAL_MS);
      const polls = stats.latencies.length + stats.failed;
      const bodyP50 = pct(stats.bytes, 50);
      lines.push(
        [
          `${size.toLocaleString("en-US")} rooms, ${TABS} tabs, ${SECONDS} s:`,
          `  ListRooms reaching LiveKit from the console: ${upstream} (ideal ${ideal}; ratio ${(upstream / ideal).toFixed(2)})`,
          `  polls: ${polls}, failed: ${stats.failed}, answered 304: ${stats.notModified}`,
          `  poll latency p50 ${ms(pct(stats.latencies, 50))}, p95 ${ms(pct(stats.latencies, 95))}, p99 ${ms(pct(stats.latencies, 99))}`,
          `  raw SDK listRooms (same run): idle p50 ${ms(pct(raw, 50))}, under load p50 ${ms(pct(rawUnderLoad, 50))}`,
          `  ratio poll p50 / raw idle p50: ${(pct(stats.latencies, 50) / pct(raw, 50)).toFixed(3)}; poll p99 / raw idle p50: ${(pct(stats.latencies, 99) / pct(raw, 50)).toFixed(3)}`,
          `  one poll alone: p50 ${ms(pct(single, 50))}, p95 ${ms(pct(single, 95))}`,
          `  the nav's Needs attention count (every 10 s per tab): p50 ${ms(pct(stats.badge?.latencies ?? [], 50))}, p99 ${ms(pct(stats.badge?.latencies ?? [], 99))}, failed ${stats.badge?.failed ?? 0}`,
          `  bytes per changed answer p50 ${bodyP50} (compressed), LiveKit's Twirp JSON ${twirp}: ratio ${(bodyP50 / twirp).toFixed(4)}; unchanged answers carry 0 body bytes`,
          `  console RSS: ${rssBefore.toFixed(0)} MiB before, ${app.rss().toFixed(0)} MiB after`,
        ].join("\n"),
      );
      console.log(lines.at(-1));
    }
    if (SOAK > 0) {
      const samples: number[] = [];
      const stats: TabStats = { latencies: [], bytes: [], notModified: 0, failed: 0 };
      const until = Date.now() + SOAK * 1000;
      const sampler = (async () => {
        while (Date.now() < until) {
          samples.push(app.rss());
          await sleep(10_000);
        }
      })();
      await Promise.all([
        ...Array.from({ length: TABS }, () => tab(app.base, app.cookie, until, stats)),
        sampler,
      ]);
      // After the first minute (warm-up), memory should stay within ±10 % of its level.
      const settled = samples.slice(6);
      const base = settled[0] ?? NaN;
      const spread = (Math.max(...settled) - Math.min(...settled)) / base;
      console.log(
        `soak: ${TABS} tabs for ${SOAK} s: RSS every 10 s (MiB) ${samples.map((x) => x.toFixed(0)).join(" ")}; ` +
          `after the first minute ${Math.min(...settled).toFixed(0)}–${Math.max(...settled).toFixed(0)} MiB (spread ${(spread * 100).toFixed(1)} %), failed polls ${stats.failed}`,
      );
    }

    // In Chromium, at the last size: search keystrokes and navigation, vs plain pages.
    const [name, value] = app.cookie.split("=") as [string, string];
    const rooms = (await rs.listRooms()).map((r) => ({
      name: r.name,
      numParticipants: r.numParticipants,
    }));
    const b = await measureBrowser({
      consoleUrl: app.base,
      cookie: { name, value },
      rooms,
      rounds: Number(arg("browser-rounds", "3")),
    });
    console.log(
      [
        `Chromium, ${rooms.length.toLocaleString("en-US")} rooms:`,
        `  keystroke → rows: ours p50 ${ms(pct(b.ours, 50))}, p95 ${ms(pct(b.ours, 95))} (${b.ours.map((x) => x.toFixed(0)).join(" ")}); plain page p50 ${ms(pct(b.plain, 50))}, p95 ${ms(pct(b.plain, 95))}`,
        `  navigation → first rows: ours p50 ${ms(pct(b.navOurs, 50))}; plain page p50 ${ms(pct(b.navPlain, 50))}; ratio ${(pct(b.navOurs, 50) / pct(b.navPlain, 50)).toFixed(2)}`,
        `  first row painted (Element Timing): ours p50 ${ms(pct(b.paintOurs, 50))}; plain page p50 ${ms(pct(b.paintPlain, 50))}; ratio ${(pct(b.paintOurs, 50) / pct(b.paintPlain, 50)).toFixed(2)}`,
        `  our page, from navigation start: first HTML byte p50 ${ms(pct(b.oursResponse, 50))}, last HTML byte p50 ${ms(pct(b.oursResponseEnd, 50))}, first row in the document p50 ${ms(pct(b.oursInserted, 50))}`,
      ].join("\n"),
    );
  } finally {
    app.stop();
    await proxy.close();
    await server.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
