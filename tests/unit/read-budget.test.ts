import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ReadBudget } from "@/lib/live/budget";

/**
 * The read budget of a project (lib/live/budget.ts) on a fake clock: waiters are served in
 * order at the configured rate, from the half of the bucket the polls do not keep, with one
 * timer however many wait. The budget against a real LiveKit is in
 * tests/integration/fan-out.test.ts.
 */
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** `count` waiters on `budget`, and the order in which they were let through. */
function waiters(budget: ReadBudget, count: number, signal?: AbortSignal) {
  const served: number[] = [];
  const all = Array.from({ length: count }, (_, i) =>
    budget.acquire(1, signal).then(() => void served.push(i)),
  );
  return { served, all };
}

describe("ReadBudget.acquire", () => {
  it("lets waiters through in order at the rate, from the tokens above half the bucket", async () => {
    const budget = new ReadBudget(10);
    const { served } = waiters(budget, 20);
    await vi.advanceTimersByTimeAsync(0);
    // A full bucket of 10: the 5 above the polls' half at once.
    expect(served).toEqual([0, 1, 2, 3, 4]);
    await vi.advanceTimersByTimeAsync(500);
    expect(served).toHaveLength(10);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(served).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("waits on one timer, whatever the number of waiters (no polling)", async () => {
    const budget = new ReadBudget(10);
    waiters(budget, 1_000);
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(vi.getTimerCount()).toBe(1);
  });

  it("leaves the polls half the bucket while waiters drain it", async () => {
    const budget = new ReadBudget(10);
    const { served } = waiters(budget, 100);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(served.length).toBeGreaterThan(0);
    // A room's detail poll (2 reads) still gets its tokens, twice.
    expect(budget.take(2)).toBe(true);
    expect(budget.take(2)).toBe(true);
    // What the polls take is not there for the waiters: they slow down, never overdraw.
    const before = served.length;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(served.length - before).toBeLessThanOrEqual(10);
  });

  it("serves waiters alone at the full rate over time, never more", async () => {
    const budget = new ReadBudget(20);
    const { served } = waiters(budget, 200);
    await vi.advanceTimersByTimeAsync(0);
    const start = served.length;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(served.length - start).toBeGreaterThanOrEqual(99);
    expect(served.length - start).toBeLessThanOrEqual(100);
  });

  it("an aborted waiter leaves the queue, takes nothing, and the next one moves up", async () => {
    const budget = new ReadBudget(2);
    // 1 token above the polls' one: the first waiter at once.
    await budget.acquire();
    const stop = new AbortController();
    const aborted = budget.acquire(1, stop.signal);
    let next = false;
    void budget.acquire().then(() => (next = true));
    stop.abort(new Error("preview cancelled"));
    await expect(aborted).rejects.toThrow("preview cancelled");
    await vi.advanceTimersByTimeAsync(499);
    expect(next).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(next).toBe(true);
    // An already aborted signal is refused at once.
    await expect(budget.acquire(1, stop.signal)).rejects.toThrow("preview cancelled");
  });

  it("a lower rate applies to those already waiting", async () => {
    const budget = new ReadBudget(10);
    const { served } = waiters(budget, 30);
    await vi.advanceTimersByTimeAsync(0);
    expect(served).toHaveLength(5);
    budget.setRate(2);
    await vi.advanceTimersByTimeAsync(2_000);
    // The bucket shrinks to 2 (1 above the polls' half), then 2 a second.
    expect(served).toHaveLength(5 + 1 + 4);
  });

  it("take() still answers at once, and refuses when the bucket is empty", () => {
    const budget = new ReadBudget(3);
    expect(budget.take(3)).toBe(true);
    expect(budget.take()).toBe(false);
    vi.advanceTimersByTime(334);
    expect(budget.take()).toBe(true);
  });
});
