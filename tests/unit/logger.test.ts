import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { logOnceThenCount } from "@/lib/logger";

describe("a line anyone can cause is written once, then counted", () => {
  let lines: string[];
  beforeEach(() => {
    vi.useFakeTimers();
    lines = [];
    vi.spyOn(console, "warn").mockImplementation((l: string) => void lines.push(l));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("4,000 refusals in a minute are two lines: the first, and one with the count", () => {
    for (let i = 0; i < 4000; i++)
      logOnceThenCount("warn", "webhook refused", { project: "p", reason: "bad" });
    expect(lines).toHaveLength(1);
    vi.advanceTimersByTime(60_000);
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[1]!)).toMatchObject({
      msg: "webhook refused (repeated)",
      project: "p",
      reason: "bad",
      repeated: 3999,
    });
    // A new window starts with a line of its own.
    logOnceThenCount("warn", "webhook refused", { project: "p", reason: "bad" });
    expect(lines).toHaveLength(3);
  });

  it("other fields are counted apart, and a lone line has no follow-up", () => {
    logOnceThenCount("warn", "webhook refused", { project: "p", reason: "a" });
    logOnceThenCount("warn", "webhook refused", { project: "p", reason: "b" });
    expect(lines).toHaveLength(2);
    vi.advanceTimersByTime(60_000);
    expect(lines).toHaveLength(2);
  });
});
