import { describe, expect, it, vi } from "vitest";
import { processSingleton } from "@/lib/process-singleton";

describe("processSingleton", () => {
  it("makes the value once, and a second copy of the module gets the same one", async () => {
    let made = 0;
    const first = processSingleton("test-singleton", () => ({ made: ++made }));
    expect(processSingleton("test-singleton", () => ({ made: ++made }))).toBe(first);
    // Another bundle's copy of the module, as Next may load it in the same process.
    vi.resetModules();
    const copy = await import("@/lib/process-singleton");
    expect(copy.processSingleton).not.toBe(processSingleton);
    expect(copy.processSingleton("test-singleton", () => ({ made: ++made }))).toBe(first);
    expect(made).toBe(1);
    expect(processSingleton("test-other", () => "other")).toBe("other");
  });
});
