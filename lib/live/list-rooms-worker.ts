import "server-only";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { RoomServiceClient } from "livekit-server-sdk";
import type { LiveKitTarget } from "@/lib/config-schema";
import { listRoomsTimeoutSec } from "@/lib/livekit/timeout";
import { fingerprint } from "@/lib/live/shared-poll";
import { log } from "@/lib/logger";
import { toRoomView, type RoomView } from "@/lib/rooms/view";
import { processSingleton } from "@/lib/process-singleton";

/**
 * ListRooms in a worker thread. At 10,000 rooms LiveKit's answer is 7.5 MB of JSON that the
 * SDK turns into 10,000 protobuf messages: ~0.5 s of this process's only thread every refresh,
 * during which no page, search or poll was answered (the main cause of slow navigations and
 * keystrokes at that size). The worker does the call and the parsing with the same SDK on the
 * other core, maps the rooms to RoomView with the console's own `toRoomView`, sorts them and
 * fingerprints them. What crosses back is one JSON string (copying 10,000 protobuf messages
 * across threads cost the main thread ~100 ms), or only the fingerprint when nothing changed
 * since the copy the caller holds.
 */
const SOURCE = String.raw`
const { parentPort, workerData } = require("node:worker_threads");
const { createHash } = require("node:crypto");
// The console's own mapping (lib/rooms/view.ts) and order, passed as their source: one definition.
const toRoomView = (0, eval)("(" + workerData.toRoomView + ")");
const bySid = (0, eval)("(" + workerData.bySid + ")");
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
  // The timeout follows the list's size (listRoomsTimeoutSec): a client for each.
  const key = m.url + "\u0000" + m.apiKey + "\u0000" + m.apiSecret + "\u0000" + m.timeoutSec;
  let rs = clients.get(key);
  if (!rs) {
    rs = new RoomServiceClient(m.url, m.apiKey, m.apiSecret, { requestTimeout: m.timeoutSec });
    clients.set(key, rs);
  }
  let json, views;
  try {
    const rooms = await rs.listRooms();
    // LiveKit lists rooms in no fixed order: sorted, an unchanged list is the same snapshot.
    views = rooms.map((r) => toRoomView(r)).sort(bySid);
    json = JSON.stringify(views);
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: plain(e, 0) });
    return;
  }
  const hash = createHash("sha1").update(json).digest("base64");
  const rooms = views.length;
  parentPort.postMessage(hash === m.known ? { id: m.id, hash, rooms } : { id: m.id, hash, json, rooms });
}));
`;

type Plain = { name: string; message: string; status?: number; code?: string; cause?: Plain };
type Reply = { id: number; hash?: string; json?: string; rooms?: number; error?: Plain };
type Waiting = {
  /** The worker the call was posted to. */
  worker: Worker;
  /** It is retired after answering this call with more rooms than this. */
  retireAbove: number;
  known: RoomList | undefined;
  resolve: (list: RoomList) => void;
  reject: (e: unknown) => void;
  /** The same call in the main thread, should the worker itself fail. */
  here: () => Promise<RoomList>;
};

/** Every room of a LiveKit server as the browser may see it, sorted by sid, and its fingerprint. */
export type RoomList = { views: RoomView[]; hash: string };

/** Sorted by sid, an unchanged list is the same snapshot. Self-contained: the worker runs it too. */
const bySid = (a: RoomView, b: RoomView) => (a.sid < b.sid ? -1 : a.sid > b.sid ? 1 : 0);

/** The same list made in this thread (no worker here, or it failed). */
async function listHere(target: LiveKitTarget, timeoutSec: number): Promise<RoomList> {
  const rs = new RoomServiceClient(target.url, target.apiKey, target.apiSecret, {
    requestTimeout: timeoutSec,
  });
  const views = (await rs.listRooms()).map((r) => toRoomView(r)).sort(bySid);
  return { views, hash: fingerprint(views) };
}

/** The error as the SDK threw it, for toAppError: same name, status, code and cause chain. */
function revive(p: Plain): Error {
  const e = new Error(p.message, p.cause ? { cause: revive(p.cause) } : undefined);
  e.name = p.name;
  if (p.status !== undefined) Object.assign(e, { status: p.status });
  if (p.code !== undefined) Object.assign(e, { code: p.code });
  return e;
}

/**
 * A worker that has listed more rooms than this is retired as soon as no other call waits on
 * it (at that reply, or at the next one that leaves it idle), and the next list starts a new one. Parsing LiveKit's answer grows the worker's heap by
 * hundreds of MB at 100,000 rooms (75 MB of JSON), and V8 kept that memory between lists
 * (~250 MB held by an idle worker, measured); a retired worker gives it all back. Starting one
 * with the SDK loaded costs 0.14–0.18 s of a core (measured), once per list at that size: a
 * list every ~30 s at 100,000 rooms, every ~6–7 s at 20,000 (~2.5 % of a core there).
 */
export const RETIRE_AFTER_ROOMS = 20_000;

type State = {
  worker?: Worker;
  /** No worker can run here (none ever answered): lists are made in the main thread. */
  failed?: boolean;
  /** A worker has answered ("lists are read in a worker" was logged, once). */
  announced?: boolean;
  next: number;
  waiting: Map<number, Waiting>;
};
const state = (): State =>
  processSingleton("list-rooms-worker", (): State => ({ next: 1, waiting: new Map() }));

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
    const w = new Worker(SOURCE, {
      eval: true,
      workerData: { sdk: sdkEntry(), toRoomView: String(toRoomView), bySid: String(bySid) },
    });
    w.unref();
    /** It listed more rooms than a call's limit: retired once nothing else waits on it. */
    let retireDue = false;
    w.on("message", (r: Reply) => {
      if (!s.announced) log("info", "room lists are read in a worker thread");
      s.announced = true;
      const waiting = s.waiting.get(r.id);
      if (!waiting) return;
      s.waiting.delete(r.id);
      if (r.error) waiting.reject(revive(r.error));
      else if (r.json === undefined && waiting.known && waiting.known.hash === r.hash)
        waiting.resolve(waiting.known);
      else waiting.resolve({ views: JSON.parse(r.json ?? "[]") as RoomView[], hash: r.hash ?? "" });
      if ((r.rooms ?? 0) > waiting.retireAbove) retireDue = true;
      if (retireDue && s.worker === w && !waitingOn(w)) {
        s.worker = undefined;
        void w.terminate();
      }
    });
    const waitingOn = (worker: Worker) => [...s.waiting.values()].some((x) => x.worker === worker);
    // The worker itself failed (not LiveKit): calls it held are made here instead. A worker
    // retired (terminated) held none.
    const down = () => {
      if (s.worker === w) s.worker = undefined;
      for (const [id, x] of s.waiting) {
        if (x.worker !== w) continue;
        s.waiting.delete(id);
        x.here().then(x.resolve, x.reject);
      }
    };
    w.on("error", (e) => {
      // One that fails after workers have answered is replaced at the next list; one that
      // fails before any has answered means none can run here.
      if (s.announced) log("warn", "room list worker failed; the next list starts another", {}, e);
      else {
        log("warn", "room list worker failed; listing rooms in the main thread", {}, e);
        s.failed = true;
      }
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

/**
 * Whether room lists are made in worker threads: one has answered, and none failed before
 * that (false: in the main thread, or no list made yet).
 */
export const roomListWorkerRunning = () => state().announced === true && !state().failed;

/** The thread id of the worker that makes the next list; none between a retired one and it. */
export const roomListWorkerThread = (): number | undefined => state().worker?.threadId;

/**
 * Every room of `target` as RoomView, listed off the main thread; in it when no worker can run
 * here. `known`, the list the caller holds, comes back as it is (the same object) when
 * LiveKit's answer has not changed: then nothing was copied or parsed here. The call's timeout
 * follows the size of `known` and `failuresInARow` (listRoomsTimeoutSec). A list of more than
 * `retireAbove` rooms retires the worker that made it (RETIRE_AFTER_ROOMS).
 */
export function listRoomViews(
  target: LiveKitTarget,
  known?: RoomList,
  failuresInARow = 0,
  retireAbove = RETIRE_AFTER_ROOMS,
): Promise<RoomList> {
  const timeoutSec = listRoomsTimeoutSec(known?.views.length ?? 0, failuresInARow);
  const s = state();
  const w = (s.worker ??= start(s));
  if (!w) return listHere(target, timeoutSec);
  const id = s.next++;
  return new Promise<RoomList>((resolve, reject) => {
    s.waiting.set(id, {
      worker: w,
      retireAbove,
      known,
      resolve,
      reject,
      here: () => listHere(target, timeoutSec),
    });
    w.postMessage({
      id,
      url: target.url,
      apiKey: target.apiKey,
      apiSecret: target.apiSecret,
      timeoutSec,
      known: known?.hash,
    });
  });
}
