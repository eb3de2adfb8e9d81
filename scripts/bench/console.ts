/** What the benchmarks share: the production console on loopback, signed in, and percentiles. */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { AccessToken } from "livekit-server-sdk";
import { hashPassword } from "@/lib/auth/password";

const ROOT = path.resolve(__dirname, "../..");
const PASSWORD = "bench-password-1";

export const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};

/**
 * A benchmark's fixed port, moved by LKA_TEST_PORT_OFFSET as the test suites' are, so two
 * checkouts can benchmark on one machine without taking each other's ports.
 */
export const benchPort = (port: number) => port + Number(process.env.LKA_TEST_PORT_OFFSET ?? 0);

/** Linux process figures read from /proc: resident memory (MiB) and CPU time (s) so far. */
export function procStats(pid: number): { rssMiB: number; cpuS: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    // Fields 14 and 15 of stat (user and system time, in clock ticks of 1/100 s), after the
    // command's parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return {
      rssMiB: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024,
      cpuS: (Number(f[11]) + Number(f[12])) / 100,
    };
  } catch {
    return { rssMiB: NaN, cpuS: NaN };
  }
}

export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};
export const ms = (x: number) => `${x.toFixed(1)} ms`;

/**
 * The built console (scripts/server.mjs) on 127.0.0.1:`port` for project "default" at
 * `livekitUrl` (devkey/secret), signed in as an admin. Needs `npm run build` first.
 */
export async function startConsole(opts: {
  port: number;
  livekitUrl: string;
  env?: Record<string, string>;
}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), "lka-bench-data-"));
  // BENCH_NODE_ARGS: node flags for the console, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
  // to see where its main thread spends its time under the load.
  const child = spawn(
    "node",
    [...(process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean), "scripts/server.mjs"],
    {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: "1",
        PORT: String(opts.port),
        HOSTNAME: "127.0.0.1",
        LIVEKIT_URL: opts.livekitUrl,
        LIVEKIT_API_KEY: "devkey",
        LIVEKIT_API_SECRET: "secret",
        SESSION_SECRET: "bench-session-secret-0123456789abcdef0123",
        ADMIN_USERNAME: "bench",
        ADMIN_PASSWORD_HASH: await hashPassword(PASSWORD),
        // A database of this run's own: rooms of an earlier run would be history here (their
        // names come back, and would read as rooms reopened).
        LIVEKIT_ADMIN_DATA_DIR: dataDir,
        LIVEKIT_ADMIN_CONFIG: "",
        DATABASE_URL: "",
        ...opts.env,
      },
    },
  );
  const base = `http://127.0.0.1:${opts.port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      /* starting */
    }
    await sleep(100);
  }
  const res = await fetch(`${base}/api/auth/sign-in`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: base },
    body: JSON.stringify({ username: "bench", password: PASSWORD }),
  });
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
  if (!cookie.includes("=")) throw new Error(`sign-in failed: HTTP ${res.status}`);
  const rss = () => procStats(child.pid!).rssMiB;
  /** CPU time the console\'s process has used so far (all its threads), in ms. */
  const cpuMs = () => procStats(child.pid!).cpuS * 1000;
  const stop = () => {
    process.kill(-child.pid!, "SIGTERM");
    child.once("exit", () => rmSync(dataDir, { recursive: true, force: true }));
  };
  return { base, cookie, rss, cpuMs, pid: child.pid!, stop };
}

/** The browser's refresh period (react-query's interval, restarted after each answer). */
export const POLL_INTERVAL_MS = 2_000;

/** Every page also polls the nav's Needs attention count (project-status.tsx). */
const BADGE_INTERVAL_MS = 10_000;

export type TabStats = {
  latencies: number[];
  /** The nav count's polls (every 10 s), answered or not. */
  badge?: { latencies: number[]; failed: number };
  bytes: number[];
  notModified: number;
  failed: number;
};

/** Sleeps `ms`, never past `untilMs`: a tab's load ends when the measured window does. */
const napUntil = (untilMs: number, ms: number) =>
  sleep(Math.max(0, Math.min(ms, untilMs - Date.now())));

/** The nav's count, as every page polls it, every 10 s after each answer. */
async function badge(base: string, cookie: string, untilMs: number, out: TabStats) {
  const b = (out.badge ??= { latencies: [], failed: 0 });
  await napUntil(untilMs, Math.random() * BADGE_INTERVAL_MS);
  while (Date.now() < untilMs) {
    const t0 = performance.now();
    try {
      const res = await fetch(`${base}/api/p/default/attention-count`, {
        headers: { Cookie: cookie, "Accept-Encoding": "br, gzip" },
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer();
      if (res.ok) b.latencies.push(performance.now() - t0);
      else b.failed += 1;
    } catch {
      b.failed += 1;
    }
    await napUntil(untilMs, BADGE_INTERVAL_MS);
  }
}

/**
 * One tab on the rooms page: polls the table like the browser client (interval after each
 * answer, If-None-Match), and the nav's count beside it.
 */
export async function tab(base: string, cookie: string, untilMs: number, out: TabStats) {
  const count = badge(base, cookie, untilMs, out);
  let etag: string | undefined;
  // Tabs open at different moments.
  await napUntil(untilMs, Math.random() * POLL_INTERVAL_MS);
  while (Date.now() < untilMs) {
    const t0 = performance.now();
    try {
      const res = await fetch(`${base}/api/p/default/rooms`, {
        headers: {
          Cookie: cookie,
          "Accept-Encoding": "br, gzip",
          ...(etag ? { "If-None-Match": etag } : {}),
        },
        signal: AbortSignal.timeout(5_000),
      });
      // Bytes on the wire: undici decodes br/gzip, so the length header says what was sent.
      const body = await res.arrayBuffer();
      const wire = Number(res.headers.get("content-length") ?? body.byteLength);
      out.latencies.push(performance.now() - t0);
      if (res.status === 304) out.notModified += 1;
      else if (res.ok) {
        etag = res.headers.get("etag") ?? undefined;
        out.bytes.push(wire);
      } else out.failed += 1;
    } catch {
      out.failed += 1;
    }
    await napUntil(untilMs, POLL_INTERVAL_MS);
  }
  await count;
}

/** One ListRooms as Twirp JSON: time to the last byte, and the answer's size uncompressed. */
export async function twirpListRooms(url: string): Promise<{ ms: number; bytes: number }> {
  const at = new AccessToken("devkey", "secret", { ttl: 600 });
  at.addGrant({ roomList: true });
  const t = performance.now();
  const res = await fetch(`${url}/twirp/livekit.RoomService/ListRooms`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${await at.toJwt()}`,
      "Content-Type": "application/json",
      "Accept-Encoding": "identity",
    },
    body: "{}",
  });
  const bytes = (await res.arrayBuffer()).byteLength;
  if (!res.ok) throw new Error(`ListRooms: HTTP ${res.status}`);
  return { ms: performance.now() - t, bytes };
}
