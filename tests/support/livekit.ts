import { spawn, type ChildProcess } from "node:child_process";
import { openSync, readFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const ROOT = path.resolve(__dirname, "../..");
const LOG_DIR = path.join(ROOT, "test-results", "livekit");

export type LiveKitServer = {
  url: string;
  wsUrl: string;
  apiKey: string;
  apiSecret: string;
  port: number;
  /** livekit-server's process id (its CPU and memory, for the benchmarks). */
  pid: number;
  stop: () => Promise<void>;
  crash: () => Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open, nothing answers. */
  pause: () => void;
  resume: () => void;
};

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(500) });
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Starts a real livekit-server (scripts/livekit.sh run) in its own process group on loopback,
 * and waits until it answers. The caller stops it; stop() kills the whole group.
 */
export async function startLiveKit(opts: {
  port: number;
  apiKey?: string;
  apiSecret?: string;
  /** Join a multi-node cluster through the local Redis, in this database. */
  redisDb?: number;
  /** The Redis for redisDb (host:port): the machine's, 127.0.0.1:6379, unless said. */
  redisAddress?: string;
  /** Where it posts its webhooks (signed with this key). */
  webhooks?: string[];
  /** `ingress.rtmp_base_url` / `whip_base_url`: the URLs CreateIngress answers with. */
  ingress?: { rtmpBaseUrl: string; whipBaseUrl: string };
}): Promise<LiveKitServer> {
  const apiKey = opts.apiKey ?? "devkey";
  const apiSecret = opts.apiSecret ?? "secret";
  const url = `http://127.0.0.1:${opts.port}`;
  if (await answers(url))
    throw new Error(`Port ${opts.port} is already in use by another server; stop it first.`);
  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = path.join(LOG_DIR, `livekit-${opts.port}.log`);
  const fd = openSync(logFile, "a");
  const child: ChildProcess = spawn(
    "bash",
    [
      path.join(ROOT, "scripts/livekit.sh"),
      "run",
      "--port",
      String(opts.port),
      "--keys",
      `${apiKey}: ${apiSecret}`,
      ...(opts.redisDb === undefined
        ? []
        : ["--redis", opts.redisAddress ?? "127.0.0.1:6379", "--redis-db", String(opts.redisDb)]),
      ...(opts.webhooks ?? []).flatMap((u) => ["--webhook", u]),
      ...(opts.ingress
        ? ["--rtmp-base", opts.ingress.rtmpBaseUrl, "--whip-base", opts.ingress.whipBaseUrl]
        : []),
    ],
    { detached: true, stdio: ["ignore", fd, fd] },
  );
  let exited = false;
  child.on("exit", () => (exited = true));
  const deadline = Date.now() + 120_000; // the first run may build the binary
  while (!(await answers(url))) {
    if (exited || Date.now() > deadline) {
      const tail = readFileSync(logFile, "utf8").split("\n").slice(-20).join("\n");
      if (!exited) process.kill(-child.pid!, "SIGKILL");
      throw new Error(`livekit-server on port ${opts.port} did not start:\n${tail}`);
    }
    await sleep(100);
  }
  /** Kills the node at once, as a crash would: no goodbye to Redis. */
  const crash = async () => {
    if (exited) return;
    process.kill(-child.pid!, "SIGKILL");
    for (let i = 0; i < 50 && !exited; i++) await sleep(100);
  };
  const stop = async () => {
    if (exited) return;
    process.kill(-child.pid!, "SIGTERM");
    for (let i = 0; i < 50 && !exited; i++) await sleep(100);
    if (!exited) process.kill(-child.pid!, "SIGKILL");
    for (let i = 0; i < 20 && (await answers(url)); i++) await sleep(100);
  };
  let paused = false;
  const signal = (s: NodeJS.Signals) => {
    if (!exited) process.kill(-child.pid!, s);
  };
  return {
    url,
    wsUrl: url.replace(/^http/, "ws"),
    apiKey,
    apiSecret,
    port: opts.port,
    pid: child.pid!,
    stop: async () => {
      // A frozen server cannot take SIGTERM: thaw it first.
      if (paused) signal("SIGCONT");
      await stop();
    },
    crash,
    pause: () => {
      paused = true;
      signal("SIGSTOP");
    },
    resume: () => {
      paused = false;
      signal("SIGCONT");
    },
  };
}
