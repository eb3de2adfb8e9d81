import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, openSync, readFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const ROOT = path.resolve(__dirname, "../..");
const AGENT_DIR = path.join(ROOT, "scripts/demo/agent");
const LOG_DIR = path.join(ROOT, "test-results", "agents");

export type DemoAgent = {
  agentName: string;
  pid: number;
  logFile: string;
  stop: () => Promise<void>;
};

/** npm ci in the agent's own folder when its node_modules is missing (as scripts/lib/common.sh). */
function ensureInstalled() {
  if (existsSync(path.join(AGENT_DIR, "node_modules/@livekit/agents"))) return;
  const r = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], {
    cwd: AGENT_DIR,
    stdio: "inherit",
  });
  if (r.status !== 0) throw new Error("npm ci in scripts/demo/agent failed");
}

/**
 * Starts the demo agent worker (scripts/demo/agent) against a LiveKit server in its own process
 * group, and resolves once its log says LiveKit registered it: a dispatch made before that is
 * never delivered (under load registration took ~11 s once, hence the long wait).
 */
export async function startDemoAgent(opts: {
  url: string;
  agentName: string;
  apiKey?: string;
  apiSecret?: string;
  timeoutMs?: number;
}): Promise<DemoAgent> {
  ensureInstalled();
  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = path.join(LOG_DIR, `${opts.agentName}-${Date.now()}.log`);
  const fd = openSync(logFile, "a");
  const child = spawn(process.execPath, ["agent.mjs", "start", "--log-level", "info"], {
    cwd: AGENT_DIR,
    detached: true,
    stdio: ["ignore", fd, fd],
    env: {
      ...process.env,
      LIVEKIT_URL: opts.url,
      LIVEKIT_API_KEY: opts.apiKey ?? "devkey",
      LIVEKIT_API_SECRET: opts.apiSecret ?? "secret",
      DEMO_AGENT_NAME: opts.agentName,
    },
  });
  let exited = false;
  child.on("exit", () => (exited = true));
  const pid = child.pid!;
  const stop = async () => {
    if (exited) return;
    process.kill(-pid, "SIGTERM");
    for (let i = 0; i < 50 && !exited; i++) await sleep(100);
    if (!exited) process.kill(-pid, "SIGKILL");
  };
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  while (!readFileSync(logFile, "utf8").includes("registered worker")) {
    if (exited || Date.now() > deadline) {
      await stop();
      const tail = readFileSync(logFile, "utf8").split("\n").slice(-20).join("\n");
      throw new Error(`demo agent ${opts.agentName} did not register:\n${tail}`);
    }
    await sleep(200);
  }
  return { agentName: opts.agentName, pid, logFile, stop };
}
