import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { mapYielding } from "@/lib/concurrency";
import { asForeground, foregroundState, isForeground } from "@/lib/http/foreground";

// The clock mapYielding reads (performance.now) is the fake timers' clock plus the work done
// so far: an item's cost and a wait are exact, however busy the machine is. setImmediate (the
// turns of the event loop a pass hands back) stays real.
let worked = 0;
beforeEach(() => {
  worked = 0;
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  vi.spyOn(performance, "now").mockImplementation(() => Date.now() + worked);
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/** Takes `ms` of the clock, as a costly item would. */
const busy = (ms: number) => {
  worked += ms;
};

/**
 * Runs the event loop until `pass` ends. Time moves only while the pass waits for the
 * operator's requests (giveWay): to the next timer, as a real wait would end.
 */
async function settle(pass: Promise<unknown>) {
  let ended = false;
  void pass.finally(() => (ended = true));
  for (let turn = 0; !ended; turn++) {
    if (turn > 10_000) throw new Error("the pass neither ended nor waited on a timer");
    await new Promise((r) => setImmediate(r));
    if (!ended && foregroundState().waiters.size > 0) vi.advanceTimersToNextTimer();
  }
  await pass;
}

describe("mapYielding", () => {
  it("maps in order, and lets other work in once a slice has run its time", async () => {
    const items = Array.from({ length: 600 }, (_, i) => i);
    // Items handled since the other work last ran, each time it runs.
    const stretches: number[] = [];
    let since = 0;
    let done = false;
    // Another request's work, queued the way Node queues I/O callbacks.
    const other = () =>
      setImmediate(() => {
        if (done) return;
        stretches.push(since);
        since = 0;
        other();
      });
    other();
    const out = await mapYielding(
      items,
      (x) => {
        busy(0.1);
        since += 1;
        return x * 2;
      },
      4,
    );
    done = true;
    expect(out).toEqual(items.map((x) => x * 2));
    // 60 ms of work in slices of ~4 ms: the other work ran many times, never after more than
    // two looks at the clock (64 items each: 6.4 ms of such items), and never within a look.
    expect(stretches.length).toBeGreaterThanOrEqual(5);
    for (const n of stretches.slice(1)) {
      expect(n % 64).toBe(0);
      expect(n).toBeLessThanOrEqual(128);
    }
  });

  it("never yields for a list that takes less than a slice", async () => {
    let ran = false;
    setImmediate(() => (ran = true));
    await mapYielding(
      Array.from({ length: 1_000 }, (_, i) => i),
      (x) => x,
      1_000,
    );
    expect(ran).toBe(false);
  });
});

/** A request as the app counts it (asForeground when isForeground); `close()` answers it. */
function request(url: string) {
  let close = () => {};
  if (isForeground(new URL(url, "http://console").pathname))
    void asForeground(() => new Promise<void>((r) => (close = r)));
  return { close: () => close() };
}

describe("background passes give way to the operator's requests", () => {
  it("counts the rooms table's reads and the rooms and room pages, not what waits on a pass", () => {
    for (const url of [
      "/api/p/default/rooms",
      "/api/p/de-fault/rooms/a%2Fb%20%F0%9F%99%82",
      "/p/default/rooms",
      "/p/default/rooms/a%3Fb",
    ])
      expect(isForeground(url), url).toBe(true);
    for (const url of [
      "/api/p/default/attention-count",
      "/api/p/default/attention",
      "/p/default/attention",
      "/p/default",
      "/p/default/history",
      "/api/p/default/room-names",
      "/_next/static/chunks/a.js",
      "/sign-in",
    ])
      expect(isForeground(url), url).toBe(false);
  });

  it("slices wait while such a request is answered, and go on as soon as it is", async () => {
    const state = foregroundState();
    expect(state.inFlight).toBe(0);
    const search = request("/api/p/default/rooms?q=x");
    request("/api/p/default/attention-count"); // not counted: it waits for passes like this one
    expect(state.inFlight).toBe(1);
    let handled = 0;
    let atAnswer = -1;
    setTimeout(() => {
      atAnswer = handled;
      search.close();
    }, 30);
    const started = performance.now();
    await settle(
      mapYielding(
        Array.from({ length: 400 }, (_, i) => i),
        () => {
          busy(0.1);
          handled += 1;
        },
        4,
        1_000,
      ),
    );
    const took = performance.now() - started;
    // Only the first slice ran (two looks at the clock at most) before the search was answered.
    expect(atAnswer).toBeGreaterThan(0);
    expect(atAnswer).toBeLessThanOrEqual(128);
    // Then the rest ran at once: 30 ms of waiting and 40 ms of work, not a second's wait.
    expect(took).toBeLessThan(400);
    expect(state.inFlight).toBe(0);
    expect(state.waiters.size).toBe(0);
  });

  it("never waits longer than its limit per slice, however long a request takes", async () => {
    const slow = request("/p/default/rooms");
    const started = performance.now();
    await settle(
      mapYielding(
        Array.from({ length: 200 }, (_, i) => i),
        () => busy(0.1),
        4,
        10,
      ),
    );
    const took = performance.now() - started;
    slow.close();
    // 20 ms of work in 4 slices (the clock is looked at every 64 items), each of the first
    // three then waiting 10 ms: well under 200 ms, but not nothing.
    expect(took).toBeGreaterThanOrEqual(30);
    expect(took).toBeLessThan(200);
    expect(foregroundState().waiters.size).toBe(0);
  });
});
