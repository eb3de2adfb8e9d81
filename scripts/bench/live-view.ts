/**
 * Live-view benchmark: N open tabs polling the rooms table of a real livekit-server on
 * loopback, through the production build, with a counting proxy between the console and
 * LiveKit. For each room count it prints, in one run:
 *   - ListRooms calls that reached LiveKit vs the ideal (one per 2 s interval),
 *   - poll latency p50/p95/p99 vs one raw SDK listRooms (measured interleaved, same run),
 *   - failed polls, bytes per poll (and 304s) vs LiveKit's Twirp JSON for the same rooms,
 *   - the console's memory (RSS) at the start and end of the load.
 *   npm run bench:live-view [-- --rooms 100,1000,10000 --tabs 50 --seconds 30]
 * Past --real-rooms (10,000) rooms, the livekit-server holds that many and a proxy in front of
 * it adds the rest to its lists, at LiveKit's own pace (--list-ms-per-room, 0.12 measured):
 * one livekit-server cannot hold 100,000 rooms on this machine (many-rooms.ts says why).
 * Needs `npm run build` first.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { RoomServiceClient } from "livekit-server-sdk";
import { forEachLimited } from "@/lib/concurrency";
import { startCountingProxy } from "../../tests/support/counting-proxy";
import { startLiveKit } from "../../tests/support/livekit";
import { measureBrowser } from "./browser-search";
import {
  arg,
  benchPort,
  ms,
  pct,
  startConsole,
  tab,
  twirpListRooms,
  type TabStats,
} from "./console";
import { firstLoadJs } from "./first-load";
import { startManyRooms } from "./many-rooms";

const SIZES = arg("rooms", "100,1000,10000").split(",").map(Number);
const TABS = Number(arg("tabs", "50"));
const SECONDS = Number(arg("seconds", "30"));
/** With --soak N: after the sizes, N more seconds of the tabs at the last size, RSS sampled. */
const SOAK = Number(arg("soak", "0"));
const INTERVAL_MS = 2_000;
const LK_PORT = benchPort(7950);
const APP_PORT = benchPort(3300);
/** Rooms the livekit-server itself holds; a proxy adds any more (many-rooms.ts). */
const REAL_ROOMS = Number(arg("real-rooms", "10000"));
const MS_PER_ROOM = Number(arg("list-ms-per-room", "0.12"));
const ATTENTION_INTERVAL_MS = 5_000;

/** Needs attention's last round and pass, as its page's data carries them. */
async function attention(base: string, cookie: string) {
  try {
    const res = await fetch(`${base}/api/p/default/attention`, {
      headers: { Cookie: cookie },
      signal: AbortSignal.timeout(30_000),
    });
    const b = (await res.json()) as { data?: { roundMs: number; passMs: number } };
    return b.data;
  } catch {
    return undefined;
  }
}

async function createRooms(rs: RoomServiceClient, n: number) {
  const have = (await rs.listRooms()).length;
  if (have >= n) return;
  const names = Array.from({ length: n - have }, (_, i) => `bench-${have + i}`);
  await forEachLimited(names, 64, async (name) => {
    await rs.createRoom({ name, emptyTimeout: 3600 });
  });
}

async function main() {
  const server = await startLiveKit({ port: LK_PORT });
  const many = await startManyRooms(server.url, {
    prefix: "bench-",
    from: REAL_ROOMS,
    to: REAL_ROOMS,
    msPerRoom: MS_PER_ROOM,
  });
  const proxy = await startCountingProxy(many.url);
  const app = await startConsole({ port: APP_PORT, livekitUrl: proxy.wsUrl });
  // LiveKit's own rooms, and every room as the console sees them (through the proxy).
  const real = new RoomServiceClient(server.url, "devkey", "secret", { requestTimeout: 120 });
  const rs = new RoomServiceClient(many.url, "devkey", "secret", { requestTimeout: 120 });
  const lines: string[] = [];
  try {
    const kib = (b: number) => `${(b / 1024).toFixed(1)} KiB`;
    const roomsJs = await firstLoadJs(app.base, "/p/default/rooms", app.cookie);
    const signInJs = await firstLoadJs(app.base, "/sign-in", "");
    console.log(
      `first-load JS (gzip): rooms page ${kib(roomsJs)}, sign-in page ${kib(signInJs)}, ratio ${(roomsJs / signInJs).toFixed(2)}`,
    );
    for (const size of SIZES) {
      await createRooms(real, Math.min(size, REAL_ROOMS));
      many.addUpTo(size);
      if (size > REAL_ROOMS)
        console.log(
          `${size.toLocaleString("en-US")} rooms: ${REAL_ROOMS.toLocaleString("en-US")} in livekit-server, ${(size - REAL_ROOMS).toLocaleString("en-US")} added by the proxy; lists of every room answered at ${MS_PER_ROOM} ms a room`,
        );
      // Warm up until the console lists them all (a list much bigger than the last one may
      // time out first: its timeout follows the last list's size), then measure raw SDK
      // calls and single console polls interleaved.
      const w0 = performance.now();
      for (let seen = -1; seen !== size && performance.now() - w0 < 180_000;) {
        const res = await fetch(`${app.base}/api/p/default/rooms`, {
          headers: { Cookie: app.cookie },
        });
        const body = (await res.json()) as { ok: boolean; data?: { total: number } };
        seen = body.data?.total ?? -1;
        if (seen !== size) await sleep(1_000);
      }
      const listed = (await (
        await fetch(`${app.base}/api/p/default/rooms`, { headers: { Cookie: app.cookie } })
      ).json()) as { data?: { total: number } };
      console.log(
        listed.data?.total === size
          ? `  the console lists all ${size.toLocaleString("en-US")} rooms ${((performance.now() - w0) / 1000).toFixed(1)} s after they are there`
          : `  the console does not list the ${size.toLocaleString("en-US")} rooms after 180 s: ${JSON.stringify(listed).slice(0, 300)}`,
      );
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
      // LiveKit's own answer for the rooms, as Twirp JSON, uncompressed: the size baseline.
      const twirp = (await twirpListRooms(many.url)).bytes;
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
      // The console's memory each second, and Needs attention's round as the page reads it.
      const rssSamples: number[] = [];
      const rounds: { roundMs: number; passMs: number }[] = [];
      let slow: { tookMs: number; everyMs: number } | undefined;
      const watch = (async () => {
        let next = 0;
        while (Date.now() < until) {
          rssSamples.push(app.rss());
          if (Date.now() >= next) {
            next = Date.now() + 5_000;
            const a = await attention(app.base, app.cookie);
            if (a) rounds.push(a);
            const r = (await (
              await fetch(`${app.base}/api/p/default/rooms`, { headers: { Cookie: app.cookie } })
            ).json()) as { data?: { slow?: { tookMs: number; everyMs: number } } };
            slow = r.data?.slow ?? slow;
          }
          await sleep(1_000);
        }
      })();
      const consoleCalls0 = proxy.calls("ListRooms");
      const t0 = Date.now();
      await Promise.all([
        ...Array.from({ length: TABS }, () => tab(app.base, app.cookie, until, stats)),
        sampler,
        watch,
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
          `  console RSS: ${rssBefore.toFixed(0)} MiB before, ${app.rss().toFixed(0)} MiB after, ${Math.min(...rssSamples).toFixed(0)}–${Math.max(...rssSamples).toFixed(0)} MiB during (every 1 s)`,
          `  the period: ${slow ? `stretched to ${(slow.everyMs / 1000).toFixed(1)} s (a list took LiveKit and the worker ${(slow.tookMs / 1000).toFixed(1)} s), said on the page` : `${INTERVAL_MS / 1000} s, not stretched`}`,
          `  Needs attention's round (${ATTENTION_INTERVAL_MS / 1000} s interval): ${rounds.map((r) => r.roundMs).join(" ")} ms; the pass with history: ${rounds.map((r) => r.passMs).join(" ")} ms`,
        ].join("\n"),
      );
      console.log(lines.at(-1));
    }
    if (SOAK > 0) {
      const samples: number[] = [];
      const stats: TabStats = { latencies: [], bytes: [], notModified: 0, failed: 0 };
      const until = Date.now() + SOAK * 1000;
      const rounds: { roundMs: number; passMs: number }[] = [];
      const at: number[] = [];
      const soakStart = Date.now();
      const sampler = (async () => {
        while (Date.now() < until) {
          samples.push(app.rss());
          at.push(Date.now());
          const a = await attention(app.base, app.cookie);
          if (a) rounds.push(a);
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
      // The trend after the first minute: least squares, MiB per minute.
      const mins = at.slice(6).map((t) => (t - soakStart) / 60_000);
      const mx = mins.reduce((x, y) => x + y, 0) / mins.length;
      const my = settled.reduce((x, y) => x + y, 0) / settled.length;
      const slope =
        mins.reduce((acc, x, i) => acc + (x - mx) * (settled[i]! - my), 0) /
        mins.reduce((acc, x) => acc + (x - mx) ** 2, 0);
      const minuteMeans = Array.from({ length: Math.ceil(SOAK / 60) }, (_, m) => {
        const xs = samples.filter((_, i) => Math.floor((at[i]! - soakStart) / 60_000) === m);
        return xs.length ? (xs.reduce((x, y) => x + y, 0) / xs.length).toFixed(0) : "–";
      });
      console.log(
        `soak: ${TABS} tabs for ${SOAK} s: RSS every 10 s (MiB) ${samples.map((x) => x.toFixed(0)).join(" ")}; ` +
          `after the first minute ${Math.min(...settled).toFixed(0)}–${Math.max(...settled).toFixed(0)} MiB (spread ${(spread * 100).toFixed(1)} %), mean ${my.toFixed(0)} MiB, trend ${slope.toFixed(1)} MiB a minute; minute means ${minuteMeans.join(" ")}; failed polls ${stats.failed} of ${stats.latencies.length + stats.failed}\n` +
          `  Needs attention's round (${ATTENTION_INTERVAL_MS / 1000} s interval): max ${Math.max(...rounds.map((r) => r.roundMs))} ms, p50 ${pct(
            rounds.map((r) => r.roundMs),
            50,
          )} ms; the pass with history max ${Math.max(...rounds.map((r) => r.passMs))} ms`,
      );
    }

    if (Number(arg("browser-rounds", "3")) === 0) return;
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
    await many.close();
    await server.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
