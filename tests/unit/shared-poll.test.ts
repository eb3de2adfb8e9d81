import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SharedPoll } from "@/lib/live/shared-poll";

/**
 * The one loop behind every tab's rooms (lib/live/shared-poll.ts), on a fake clock, with an
 * upstream that takes `tookMs` per read and notes when each read started. The real loop
 * against a real LiveKit is in tests/integration/live.test.ts.
 */
const INTERVAL = 2_000;

function upstream(tookMs: () => number, fail = false) {
  const starts: number[] = [];
  const fetch = () => {
    starts.push(Date.now());
    return new Promise<string>((resolve, reject) =>
      setTimeout(
        () => (fail ? reject(new Error("refused")) : resolve(`v${starts.length}`)),
        tookMs(),
      ),
    );
  };
  return { starts, fetch };
}

const poll = (fetch: () => Promise<string>) =>
  new SharedPoll<string>({ label: "test", intervalMs: INTERVAL, idleMs: 60_000, fetch });

/** An upstream and the poll over it, stopped after the test. */
function started(tookMs: () => number, fail = false) {
  const u = upstream(tookMs, fail);
  const p = poll(u.fetch);
  polls.push(p);
  return { u, p };
}

/** Keeps a reader interested, as an open tab does, for `ms`. */
async function watch(p: SharedPoll<string>, ms: number) {
  for (let t = 0; t < ms; t += 500) {
    void p.read();
    await vi.advanceTimersByTimeAsync(500);
  }
}

/** Start-to-start gaps between reads. */
const gaps = (starts: number[]) => starts.slice(1).map((s, i) => s - starts[i]!);

let polls: SharedPoll<string>[] = [];
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date", "performance"] });
  polls = [];
});
afterEach(() => {
  for (const p of polls) p.stop();
  vi.useRealTimers();
});

describe("the shared poll", () => {
  it("20 readers at once cause one upstream read, and all get its copy", async () => {
    const { u, p } = started(() => 100);
    const reads = Array.from({ length: 20 }, () => p.read());
    await vi.advanceTimersByTimeAsync(100);
    const snaps = await Promise.all(reads);
    expect(u.starts).toHaveLength(1);
    expect(new Set(snaps.map((s) => s.value))).toEqual(new Set(["v1"]));
  });

  it("a quick upstream is read once per interval, start to start, and not reported slow", async () => {
    const { u, p } = started(() => 300);
    await watch(p, 12_000);
    expect(gaps(u.starts).every((g) => g === INTERVAL)).toBe(true);
    expect(u.starts.length).toBeGreaterThanOrEqual(5);
    expect(p.snapshot().backedOffToMs).toBeUndefined();
  });

  it("a read over half the interval: the period is twice the read, and the snapshot says so", async () => {
    // 1.5 s of a 2 s interval: read at once again, LiveKit would list 75 % of the time.
    const { u, p } = started(() => 1_500);
    await watch(p, 20_000);
    const g = gaps(u.starts);
    expect(g.length).toBeGreaterThanOrEqual(4);
    expect(g.every((x) => x === 3_000)).toBe(true);
    expect(p.snapshot()).toMatchObject({
      lastReadMs: 1_500,
      slowReadMs: 1_500,
      backedOffToMs: 3_000,
    });
  });

  it("slower than the interval: never two reads at once, and LiveKit is busy at most half the time", async () => {
    const { u, p } = started(() => 5_000);
    await watch(p, 40_000);
    const g = gaps(u.starts);
    expect(g.length).toBeGreaterThanOrEqual(3);
    expect(g.every((x) => x >= 10_000)).toBe(true);
    expect(p.snapshot().backedOffToMs).toBe(10_000);
  });

  it("back to quick: the period returns to the interval and the slowness is no longer reported", async () => {
    let took = 3_000;
    const { u, p } = started(() => took);
    await watch(p, 14_000);
    expect(p.snapshot().backedOffToMs).toBe(6_000);
    took = 200;
    // The first quick reads keep the period (one quick list is no recovery yet)...
    await watch(p, 7_000);
    expect(p.snapshot()).toMatchObject({
      lastReadMs: 200,
      slowReadMs: 3_000,
      backedOffToMs: 6_000,
    });
    // ...three in a row end it.
    await watch(p, 20_000);
    expect(gaps(u.starts).slice(-2)).toEqual([INTERVAL, INTERVAL]);
    expect(p.snapshot()).toMatchObject({ backedOffToMs: undefined, slowReadMs: undefined });
  });

  it("a list hovering around half the interval keeps one period and one note, not a flapping one", async () => {
    // 1.2 s, then 0.9 s, alternately: each slow read would bring the note up, each quick one
    // take it down again.
    let n = 0;
    const { u, p } = started(() => (n++ % 2 === 0 ? 1_200 : 900));
    const backedOff: (number | undefined)[] = [];
    for (let t = 0; t < 30_000; t += 500) {
      void p.read();
      await vi.advanceTimersByTimeAsync(500);
      if (t >= 3_000) backedOff.push(p.snapshot().backedOffToMs);
    }
    expect(new Set(backedOff)).toEqual(new Set([2_400]));
    expect(
      gaps(u.starts)
        .slice(1)
        .every((g) => g === 2_400),
    ).toBe(true);
  });

  it("a quick failure is retried at the interval, and the last error is kept", async () => {
    const { u, p } = started(() => 20, true);
    await watch(p, 8_000);
    expect(gaps(u.starts).every((x) => x === INTERVAL)).toBe(true);
    expect(p.snapshot().error).toBeInstanceOf(Error);
  });

  it("nobody watching: the loop stops", async () => {
    const u = upstream(() => 50);
    const p = new SharedPoll<string>({
      label: "test",
      intervalMs: INTERVAL,
      idleMs: 5_000,
      fetch: u.fetch,
    });
    polls.push(p);
    await watch(p, 2_000);
    await vi.advanceTimersByTimeAsync(30_000);
    const n = u.starts.length;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(u.starts).toHaveLength(n);
    expect(n).toBeLessThanOrEqual(5);
  });
});
