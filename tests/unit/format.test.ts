import { describe, expect, it } from "vitest";
import { formatSeconds, plural, timeAgo } from "@/lib/format";

describe("format", () => {
  it("says how long ago in plain words", () => {
    const now = 1_000_000_000;
    expect(timeAgo(now - 1_000, now)).toBe("just now");
    expect(timeAgo(now - 42_000, now)).toBe("42 s ago");
    expect(timeAgo(now - 3 * 60_000, now)).toBe("3 min ago");
    expect(timeAgo(now - 5 * 3_600_000, now)).toBe("5 h ago");
    expect(timeAgo(now - 72 * 3_600_000, now)).toBe("3 d ago");
  });
  it("formats timeouts", () => {
    expect(formatSeconds(20)).toBe("20 s");
    expect(formatSeconds(300)).toBe("5 min");
    expect(formatSeconds(90)).toBe("1 min 30 s");
    expect(formatSeconds(5400)).toBe("1 h 30 min");
  });
  it("pluralises", () => {
    expect(plural(1, "participant")).toBe("1 participant");
    expect(plural(4, "participant")).toBe("4 participants");
    expect(plural(1200, "room")).toBe("1,200 rooms");
  });
});
