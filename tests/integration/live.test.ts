import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { ActionResult } from "@/lib/procedures/result";
import type { RoomsLive } from "@/lib/procedures/rooms";
import { livePolls } from "@/lib/live/snapshots";
import {
  listRoomViews,
  roomListWorkerRunning,
  roomListWorkerThread,
} from "@/lib/live/list-rooms-worker";
import { toRoomView } from "@/lib/rooms/view";
import { apiGet } from "../support/api";
import { startCountingProxy, type CountingProxy } from "../support/counting-proxy";
import { startLiveKit, type LiveKitServer } from "../support/livekit";
import { PORTS } from "../support/ports";
import { sdk, uniqueRoom } from "../support/sdk";
import { joinParticipant } from "../support/participant";
import { previewBulkDelete, startBulkDelete } from "@/app/p/[project]/attention/actions";
import type { BulkJobView } from "@/lib/rooms/bulk/types";

/**
 * The live view reads LiveKit once per interval per project, whatever the number of readers,
 * through a counting proxy between the console and a real livekit-server.
 */
const project = "default";
const savedUrl = process.env.LIVEKIT_URL;
let server: LiveKitServer;
let proxy: CountingProxy;
/** The 30 rooms made for these tests are named `${prefix}-0` … `${prefix}-29`. */
let prefix: string;

const rooms = (query = "") => apiGet<ActionResult<RoomsLive>>(`/api/p/${project}/rooms${query}`);
const stopPolls = () => {
  for (const p of livePolls().rooms.values()) p.stop();
  livePolls().rooms.clear();
};

beforeAll(async () => {
  server = await startLiveKit({ port: PORTS.integrationLive });
  proxy = await startCountingProxy(server.url);
  process.env.LIVEKIT_URL = proxy.wsUrl;
  const lk = sdk(PORTS.integrationLive);
  prefix = uniqueRoom("live");
  await Promise.all(
    Array.from({ length: 30 }, (_, i) => lk.createRoom({ name: `${prefix}-${i}` })),
  );
}, 150_000);
afterEach(stopPolls);
afterAll(async () => {
  process.env.LIVEKIT_URL = savedUrl;
  server?.resume();
  await proxy?.close();
  await server?.stop();
});

/** The suite's LiveKit as the console's configuration names it. */
const liveTarget = () => ({
  url: server.url,
  apiKey: server.apiKey,
  apiSecret: server.apiSecret,
  embedded: false,
});

describe("one upstream read per project per interval", () => {
  it("20 concurrent readers cause one ListRooms, and later readers within the interval none", async () => {
    stopPolls();
    proxy.reset();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => rooms(`?page=${(i % 3) + 1}`)),
    );
    for (const a of answers) expect(a.status).toBe(200);
    expect(proxy.calls("ListRooms")).toBe(1);
    // Listed (and its answer parsed) in the worker thread, not the main one.
    expect(roomListWorkerRunning()).toBe(true);
    for (let i = 0; i < 20; i++) expect((await rooms("?q=live")).status).toBe(200);
    expect(proxy.calls("ListRooms")).toBe(1);
    // A tab's page is small, whatever the project holds: 30 rooms, and the totals.
    const { body } = await rooms("?q=live&sort=name&dir=asc");
    expect(body).toMatchObject({ ok: true, data: { total: 30, matching: 30, page: 1 } });
  });

  it("the worker sends an unchanged list back as the copy the reader holds, a changed one anew", async () => {
    const target = liveTarget();
    const rs = sdk(PORTS.integrationLive);
    const first = await listRoomViews(target);
    expect(roomListWorkerRunning()).toBe(true);
    // Our view type, sorted by sid, and nothing else of LiveKit's (no turn password, no bigint).
    expect(first.views.length).toBeGreaterThanOrEqual(30);
    expect(first.views.map((r) => r.sid)).toEqual(first.views.map((r) => r.sid).sort());
    expect(JSON.stringify(first.views)).not.toMatch(/turn|bigint/i);
    expect(Object.keys(first.views[0]!).sort()).toEqual(
      Object.keys(toRoomView((await rs.listRooms())[0]!)).sort(),
    );
    // Unchanged: the very object the caller holds (nothing copied or parsed in this thread).
    expect(await listRoomViews(target, first)).toBe(first);
    const name = uniqueRoom("live-added");
    await rs.createRoom({ name });
    try {
      const next = await listRoomViews(target, first);
      expect(next).not.toBe(first);
      expect(next.hash).not.toBe(first.hash);
      expect(next.views.map((r) => r.name)).toContain(name);
    } finally {
      await rs.deleteRoom(name);
    }
  });

  it("a worker that listed more rooms than its limit is retired, and the next list starts another", async () => {
    // At 100,000 rooms (RETIRE_AFTER_ROOMS: 20,000) an idle worker held ~250 MB of heap
    // grown by its last parse; here the limit is 10 rooms and the server holds at least 30.
    const target = liveTarget();
    const first = await listRoomViews(target);
    const kept = roomListWorkerThread();
    expect(kept).toBeDefined();
    // Under the limit: the same worker stays for the next list.
    expect(await listRoomViews(target, first, 0, 100_000)).toBe(first);
    expect(roomListWorkerThread()).toBe(kept);
    // Over it: answered, then retired.
    expect(await listRoomViews(target, first, 0, 10)).toBe(first);
    expect(roomListWorkerThread()).toBeUndefined();
    // The next list is made by a new worker, and still comes back as the copy held.
    expect(await listRoomViews(target, first)).toBe(first);
    const next = roomListWorkerThread();
    expect(next).toBeDefined();
    expect(next).not.toBe(kept);
    expect(roomListWorkerRunning()).toBe(true);
    // Over the limit while another call waits on the same worker (a slower LiveKit, another
    // project): retired after that one is answered, not kept for good.
    const slow = await startCountingProxy(server.url, { delayMs: 1_500 });
    try {
      const waiting = listRoomViews({ ...target, url: slow.url });
      expect(await listRoomViews(target, first, 0, 10)).toBe(first);
      expect(roomListWorkerThread()).toBe(next);
      expect((await waiting).views.length).toBe(first.views.length);
      expect(roomListWorkerThread()).toBeUndefined();
    } finally {
      await slow.close();
    }
  });

  it("while readers keep reading, the loop reads once per interval (not once per reader)", async () => {
    stopPolls();
    await rooms();
    proxy.reset();
    const t0 = Date.now();
    while (Date.now() - t0 < 6_000) {
      await Promise.all(Array.from({ length: 5 }, () => rooms()));
      await new Promise((r) => setTimeout(r, 100));
    }
    // 6 s at one read per 2 s: 3, give or take the loop's phase.
    expect(proxy.calls("ListRooms")).toBeGreaterThanOrEqual(2);
    expect(proxy.calls("ListRooms")).toBeLessThanOrEqual(4);
  }, 20_000);

  it("a frozen LiveKit (SIGSTOP) never has two ListRooms in flight; readers get the last good list, marked stale, and recover", async () => {
    stopPolls();
    const before = await rooms();
    if (!before.body.ok) throw new Error(before.body.error.message);
    const listedAt = Date.now();
    proxy.reset();
    server.pause();
    const slowest: number[] = [];
    const codes = new Set<string>();
    const t0 = Date.now();
    try {
      while (Date.now() - t0 < 14_000) {
        const t = Date.now();
        // Searches too: answered from the last good list while LiveKit does not answer.
        const all = await Promise.all(
          Array.from({ length: 5 }, (_, i) =>
            rooms(i % 2 ? `?q=${encodeURIComponent(`${prefix}-1`)}` : ""),
          ),
        );
        slowest.push(Date.now() - t);
        for (const [i, a] of all.entries()) {
          if (!a.body.ok) {
            codes.add(a.body.error.code);
            continue;
          }
          const { stale, rows, total } = a.body.data;
          codes.add(stale ? `stale: ${stale.error.code}` : "ok");
          expect(total).toBe(before.body.data.total);
          if (stale) expect(stale.listedAtMs).toBeLessThanOrEqual(listedAt);
          // -1 and -10 … -19.
          if (i % 2) expect(rows).toHaveLength(11);
          if (i % 2) for (const r of rows) expect(r.name.startsWith(`${prefix}-1`)).toBe(true);
        }
        expect(proxy.maxInFlight("ListRooms")).toBeLessThanOrEqual(1);
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      server.resume();
    }
    // Readers were served from the snapshot, never left waiting, and told why it is old.
    expect(Math.max(...slowest)).toBeLessThan(1_000);
    expect([...codes].sort()).toEqual(["ok", "stale: timeout"]);
    // The 5 s request timeout, then backing off: a handful of calls in 14 s, never a storm.
    expect(proxy.calls("ListRooms")).toBeLessThanOrEqual(4);
    await vi.waitFor(
      async () => {
        const { body } = await rooms();
        expect(body.ok && body.data.stale).toBeUndefined();
      },
      { timeout: 20_000, interval: 250 },
    );
    expect(proxy.maxInFlight("ListRooms")).toBeLessThanOrEqual(1);
  }, 60_000);

  it("a LiveKit that takes longer than 5 s to list is read with a longer timeout, and the page says the period stretched", async () => {
    stopPolls();
    // 6 s before each call reaches LiveKit: what a list of ~50,000 rooms takes it.
    const slow = await startCountingProxy(server.url, { delayMs: 6_000 });
    process.env.LIVEKIT_URL = slow.wsUrl;
    try {
      // The first list times out at 5 s; the next one may take 10 s, and is read.
      const first = await rooms();
      expect(first.body.ok).toBe(false);
      if (!first.body.ok) expect(first.body.error.code).toBe("timeout");
      await vi.waitFor(
        async () => {
          const { body } = await rooms();
          if (!body.ok) throw new Error(body.error.message);
          expect(body.data.total).toBeGreaterThanOrEqual(30);
          expect(body.data.stale).toBeUndefined();
          // Said in numbers: the list's time, and the period it stretched to (twice that).
          expect(body.data.slow?.tookMs).toBeGreaterThanOrEqual(6_000);
          expect(body.data.slow?.everyMs).toBeGreaterThanOrEqual(12_000);
        },
        { timeout: 30_000, interval: 500 },
      );
      // The first call gave up before reaching LiveKit; the second was the only one in flight.
      expect(slow.maxInFlight("ListRooms")).toBe(1);
      expect(slow.calls("ListRooms")).toBe(1);
    } finally {
      stopPolls();
      process.env.LIVEKIT_URL = proxy.wsUrl;
      await slow.close();
    }
  }, 60_000);
});

describe("bulk delete counts who is in each room right before deleting it", () => {
  it("the preview counts live; whoever joined after the warning is counted and disconnected too", async () => {
    stopPolls();
    const lk = sdk(PORTS.integrationLive);
    const wsUrl = `ws://127.0.0.1:${PORTS.integrationLive}`;
    const prefix = uniqueRoom("bulk-snap");
    const names = Array.from({ length: 20 }, (_, i) => `${prefix}-${i}`);
    await Promise.all(names.map((name) => lk.createRoom({ name })));
    const occupied = names[4]!;
    const people = [await joinParticipant(wsUrl, occupied, "guest-a")];
    try {
      // Until the snapshot (LiveKit's count lags up to 5 s) shows the guest.
      await vi.waitFor(
        async () => {
          const { body } = await rooms(`?q=${encodeURIComponent(occupied)}`);
          expect(body.ok && body.data.rows[0]?.numParticipants).toBe(1);
        },
        { timeout: 15_000, interval: 250 },
      );
      proxy.reset();
      expect(await previewBulkDelete({ project, rooms: names })).toMatchObject({
        ok: true,
        data: { rooms: 20, participants: 1 },
      });
      // One live count per room: LiveKit's own counts lag and leave agents out.
      expect(proxy.calls("ListParticipants")).toBe(20);

      // Someone joins the occupied room after the warning: the delete counts both.
      people.push(await joinParticipant(wsUrl, occupied, "guest-b"));
      proxy.reset();
      const started = await startBulkDelete({ project, rooms: names, typed: "delete 20 rooms" });
      if (!started.ok) throw new Error(started.error.message);
      const done = await vi.waitFor(
        async () => {
          const { body } = await apiGet<ActionResult<BulkJobView>>(
            `/api/p/${project}/jobs/${started.data.id}`,
          );
          if (!body.ok || body.data.running) throw new Error("still running");
          return body.data;
        },
        { timeout: 20_000, interval: 100 },
      );
      expect(done).toMatchObject({ total: 20, disconnected: 2 });
      expect(done.counts).toMatchObject({ deleted: 20, failed: 0 });
      expect(proxy.calls("DeleteRoom")).toBe(20);
      expect(proxy.calls("ListParticipants")).toBe(20);
      expect(await Promise.all(people.map((p) => p.disconnected))).toHaveLength(2);
      expect(await lk.listRooms(names)).toEqual([]);
    } finally {
      await Promise.all(people.map((p) => p.leave().catch(() => undefined)));
    }
  }, 60_000);
});
