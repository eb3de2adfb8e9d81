import { describe, expect, it } from "vitest";
import { mapYielding } from "@/lib/concurrency";

describe("mapYielding", () => {
  it("maps in order, and lets other work run between slices, not within one", async () => {
    const items = Array.from({ length: 1_050 }, (_, i) => i);
    const seen: string[] = [];
    // Another request's work, queued the way Node queues I/O callbacks.
    const other = () =>
      setImmediate(() => {
        seen.push("other");
        if (seen.filter((s) => s === "other").length < 3) other();
      });
    other();
    const out = await mapYielding(
      items,
      (x, i) => {
        if (i % 500 === 0) seen.push(`slice at ${i}`);
        return x * 2;
      },
      500,
    );
    expect(out).toEqual(items.map((x) => x * 2));
    expect(seen).toEqual(["slice at 0", "other", "slice at 500", "other", "slice at 1000"]);
  });

  it("never yields for a list shorter than a slice", async () => {
    let ran = false;
    setImmediate(() => (ran = true));
    await mapYielding([1, 2, 3], (x) => x, 500);
    expect(ran).toBe(false);
  });
});
