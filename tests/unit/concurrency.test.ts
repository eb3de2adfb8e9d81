import { describe, expect, it } from "vitest";
import { mapYielding } from "@/lib/concurrency";

/** Holds the thread for `ms`, as a costly item would. */
const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    /* work */
  }
};

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
