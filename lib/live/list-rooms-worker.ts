import "server-only";
import { createRequire } from "node:module";
import path from "node:path";
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
const { RoomServiceClient } = require(workerData.sdk);
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
parentPort.on("message", async (m) => {
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
});
`;

type Plain = { name: string; message: string; status?: number; code?: string; cause?: Plain };
type Reply = { id: number; rooms?: Room[]; error?: Plain };
type Waiting = { resolve: (rooms: Room[]) => void; reject: (e: unknown) => void };

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

function start(s: State): Worker | undefined {
  if (s.failed) return undefined;
  try {
    // The SDK as installed beside the app (the deployment folder carries it too).
    const sdk = createRequire(path.join(process.cwd(), "package.json")).resolve(
      "livekit-server-sdk",
    );
    const w = new Worker(SOURCE, { eval: true, workerData: { sdk } });
    w.unref();
    w.on("message", (r: Reply) => {
      const waiting = s.waiting.get(r.id);
      if (!waiting) return;
      s.waiting.delete(r.id);
      if (r.error) waiting.reject(revive(r.error));
      else waiting.resolve(r.rooms ?? []);
    });
    const down = (e: unknown) => {
      if (s.worker === w) s.worker = undefined;
      for (const x of s.waiting.values()) x.reject(e);
      s.waiting.clear();
    };
    w.on("error", (e) => {
      log("warn", "room list worker failed; listing rooms in the main thread", {}, e);
      s.failed = true;
      down(e);
    });
    w.on("exit", (code) => down(new Error(`room list worker exited (${code})`)));
    return w;
  } catch (e) {
    log("warn", "room list worker not started; listing rooms in the main thread", {}, e);
    s.failed = true;
    return undefined;
  }
}

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
    s.waiting.set(id, { resolve, reject });
    w.postMessage({
      id,
      url: target.url,
      apiKey: target.apiKey,
      apiSecret: target.apiSecret,
      timeoutSec: REQUEST_TIMEOUT_SEC,
    });
  });
}
