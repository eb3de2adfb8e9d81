import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RecomputeScheduler } from "@/lib/history/recompute";

const OPTS = { concurrency: 2, delayMs: 200, minIntervalMs: 1_000 };

/** A scheduler whose runs are recorded (with the fake clock's time) and can be made to fail. */
function scheduler(fail: (key: string) => boolean = () => false, opts = OPTS) {
  const runs: { key: string; at: number }[] = [];
  const s = new RecomputeScheduler(
    (key) => {
      runs.push({ key, at: Date.now() });
      return fail(key) ? Promise.reject(new Error("database down")) : Promise.resolve();
    },
    opts,
    () => Date.now(),
  );
  return { s, runs, keys: () => runs.map((r) => r.key) };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(0);
});
afterEach(() => vi.useRealTimers());

describe("History's recompute schedule", () => {
  it("events of one room within the delay share one recompute", async () => {
    const { s, keys } = scheduler();
    for (let i = 0; i < 100; i++) s.soon("a");
    expect(s.pending()).toBeGreaterThan(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(keys()).toEqual(["a"]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(keys()).toEqual(["a"]);
    expect(s.pending()).toBe(0);
  });

  it("a room with events during its interval is re-derived once, when the interval is up", async () => {
    const { s, runs } = scheduler();
    s.soon("a");
    await vi.advanceTimersByTimeAsync(200);
    expect(runs).toEqual([{ key: "a", at: 200 }]);
    await vi.advanceTimersByTimeAsync(100);
    s.soon("a");
    s.soon("a");
    await vi.advanceTimersByTimeAsync(500);
    expect(runs).toHaveLength(1);
    expect(s.pending()).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs).toHaveLength(2);
    // Not before its interval was up (finished at 200, so not before 1,200), and not much after.
    expect(runs[1]!.at).toBeGreaterThanOrEqual(1_200);
    expect(runs[1]!.at).toBeLessThanOrEqual(1_500);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(runs).toHaveLength(2);
    expect(s.pending()).toBe(0);
  });

  it("runs at most `concurrency` at once and every room in turn", async () => {
    let release: (() => void)[] = [];
    const started: string[] = [];
    const s = new RecomputeScheduler(
      (key) => {
        started.push(key);
        return new Promise<void>((r) => release.push(r));
      },
      OPTS,
      () => Date.now(),
    );
    for (const k of ["a", "b", "c", "d", "e"]) s.soon(k);
    await vi.advanceTimersByTimeAsync(200);
    expect(started).toEqual(["a", "b"]);
    const next = async () => {
      const r = release;
      release = [];
      r.forEach((f) => f());
      await vi.advanceTimersByTimeAsync(0);
    };
    await next();
    expect(started).toEqual(["a", "b", "c", "d"]);
    await next();
    expect(started).toEqual(["a", "b", "c", "d", "e"]);
    await next();
    expect(s.pending()).toBe(0);
  });

  it("a failed recompute is tried again after the interval, three times at most", async () => {
    const { s, runs } = scheduler((k) => k === "down");
    s.soon("down");
    s.soon("fine");
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs.filter((r) => r.key === "fine")).toHaveLength(1);
    const retries = runs.filter((r) => r.key === "down").map((r) => r.at);
    expect(retries).toHaveLength(4);
    for (let i = 1; i < retries.length; i++)
      expect(retries[i]! - retries[i - 1]!).toBeGreaterThanOrEqual(1_000);
    expect(s.pending()).toBe(0);
  });
});
