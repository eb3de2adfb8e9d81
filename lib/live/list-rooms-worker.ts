import "server-only";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { Room, RoomServiceClient } from "livekit-server-sdk";
import type { LiveKitTarget } from "@/lib/config-schema";
import { REQUEST_TIMEOUT_SEC } from "@/lib/livekit/timeout";
import { log } from "@/lib/logger";

/**
 * ListRooms in a worker thread. At 10,000 rooms LiveKit's answer is 7.5 MB of JSON that the
 * SDK turns into 10,000 protobuf messages: ~0.5 s of this process's only thread every refresh,
 * during which no page, search or poll was answered (the main cause of slow navigations and
 * keystrokes at that size). The worker does the call and the parsing with the same SDK on the
 * other core; rooms come back as plain objects with the same fields (bigints kept).
 */
const SOURCE = String.raw`
const { parentPort, workerData } = require("node:worker_threads");
const clients = new Map();
// What the console reads of an error (toAppError): name, message, HTTP status, code, cause.
const plain = (e, depth) =>
  e && typeof e === "object" && depth < 4
    ? {
        name: String(e.name ?? "Error"),
        message: String(e.message ?? ""),
        status: typeof e.status === "number" ? e.status : undefined,
        code: typeof e.code === "string" ? e.code : undefined,
        cause: plain(e.cause, depth + 1),
      }
    : undefined;
// Messages wait in the port until the SDK is loaded and the listener is on.
import(workerData.sdk).then(({ RoomServiceClient }) => parentPort.on("message", async (m) => {
  const key = m.url + "\u0000" + m.apiKey + "\u0000" + m.apiSecret;
  let rs = clients.get(key);
  if (!rs) {
    rs = new RoomServiceClient(m.url, m.apiKey, m.apiSecret, { requestTimeout: m.timeoutSec });
    clients.set(key, rs);
  }
  try {
    const rooms = await rs.listRooms();
    parentPort.postMessage({ id: m.id, rooms });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: plain(e, 0) });
  }
}));
`;

type Plain = { name: string; message: string; status?: number; code?: string; cause?: Plain };
type Reply = { id: number; rooms?: Room[]; error?: Plain };
type Waiting = {
  resolve: (rooms: Room[]) => void;
  reject: (e: unknown) => void;
  /** The same call in the main thread, should the worker itself fail. */
  here: () => Promise<Room[]>;
};

/** The error as the SDK threw it, for toAppError: same name, status, code and cause chain. */
function revive(p: Plain): Error {
  const e = new Error(p.message, p.cause ? { cause: revive(p.cause) } : undefined);
  e.name = p.name;
  if (p.status !== undefined) Object.assign(e, { status: p.status });
  if (p.code !== undefined) Object.assign(e, { code: p.code });
  return e;
}

const KEY = Symbol.for("livekit-admin.list-rooms-worker");
type State = { worker?: Worker; failed?: boolean; next: number; waiting: Map<number, Waiting> };
const state = (): State =>
  ((globalThis as { [KEY]?: State })[KEY] ??= { next: 1, waiting: new Map() });

/**
 * The SDK's module entry as installed beside the app: node_modules of the working directory or
 * above (the deployment folder carries its ESM files, which is what the app itself loads).
 */
function sdkEntry(): string {
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, "node_modules", "livekit-server-sdk", "package.json");
    if (existsSync(pkg)) {
      const j = JSON.parse(readFileSync(pkg, "utf8")) as {
        exports?: { ".": { import?: { default?: string } } };
        module?: string;
        main?: string;
      };
      const entry = j.exports?.["."]?.import?.default ?? j.module ?? j.main ?? "index.js";
      return pathToFileURL(path.join(path.dirname(pkg), entry)).href;
    }
    if (path.dirname(dir) === dir) throw new Error("livekit-server-sdk is not installed here");
  }
}

function start(s: State): Worker | undefined {
  if (s.failed) return undefined;
  try {
    const w = new Worker(SOURCE, { eval: true, workerData: { sdk: sdkEntry() } });
    w.unref();
    let first = true;
    w.on("message", (r: Reply) => {
      if (first) log("info", "room lists are read in a worker thread");
      first = false;
      const waiting = s.waiting.get(r.id);
      if (!waiting) return;
      s.waiting.delete(r.id);
      if (r.error) waiting.reject(revive(r.error));
      else waiting.resolve(r.rooms ?? []);
    });
    // The worker itself failed (not LiveKit): calls it held are made here instead.
    const down = () => {
      if (s.worker === w) s.worker = undefined;
      for (const x of s.waiting.values()) x.here().then(x.resolve, x.reject);
      s.waiting.clear();
    };
    w.on("error", (e) => {
      log("warn", "room list worker failed; listing rooms in the main thread", {}, e);
      s.failed = true;
      down();
    });
    w.on("exit", down);
    return w;
  } catch (e) {
    log("warn", "room list worker not started; listing rooms in the main thread", {}, e);
    s.failed = true;
    return undefined;
  }
}

/** Whether room lists are made in the worker thread (false: in the main thread). */
export const roomListWorkerRunning = () => state().worker !== undefined && !state().failed;

/**
 * Every room of `target`, listed off the main thread; in it (with `rs`) when no worker can
 * run here.
 */
export function listRoomsOffThread(target: LiveKitTarget, rs: RoomServiceClient): Promise<Room[]> {
  const s = state();
  const w = (s.worker ??= start(s));
  if (!w) return rs.listRooms();
  const id = s.next++;
  return new Promise<Room[]>((resolve, reject) => {
    s.waiting.set(id, { resolve, reject, here: () => rs.listRooms() });
    w.postMessage({
      id,
      url: target.url,
      apiKey: target.apiKey,
      apiSecret: target.apiSecret,
      timeoutSec: REQUEST_TIMEOUT_SEC,
    });
  });
}
