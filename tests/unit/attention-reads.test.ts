import { afterEach, describe, expect, it, vi } from "vitest";
import type { AgentDispatchClient } from "livekit-server-sdk";
import {
  NOT_OPEN_RETRY_MS,
  readDispatchesFor,
  type DispatchRead,
} from "@/lib/agents/attention-reads";
import { ReadBudget } from "@/lib/live/budget";
import type { LiveKitTarget } from "@/lib/config-schema";

const target: LiveKitTarget = {
  url: "ws://127.0.0.1:1",
  apiKey: "k",
  apiSecret: "s".repeat(32),
  embedded: false,
};

/** A dispatch client that refuses every read as LiveKit would, with `status` and `message`. */
function refusing(status: number, message: string) {
  const calls: string[] = [];
  const ads = {
    listDispatch: async (room: string) => {
      calls.push(room);
      throw Object.assign(new Error(message), { status });
    },
  } as unknown as AgentDispatchClient;
  return { ads, calls };
}
/** A room no node hosts: LiveKit's 503 (after its 3 s wait, skipped here). */
const notHosted = () => refusing(503, "no response from servers");

afterEach(() => vi.useRealTimers());

describe("Needs attention's dispatch reads of a room no node hosts", () => {
  it("are not made again for a minute while nobody is in the room; someone in it reads again", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { ads, calls } = notHosted();
    const cache = new Map<string, DispatchRead>();
    const since = new Map<string, number>();
    const budget = new ReadBudget(1_000);
    const read = (nobodyIn: boolean) =>
      readDispatchesFor(cache, "p", target, ads, "empty-room", budget, { since, nobodyIn });

    await read(true);
    expect(calls).toHaveLength(1);
    expect(cache.has("empty-room")).toBe(false);
    // The next scans, 5 s apart, within the minute: not asked again.
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(5_000);
      await read(true);
    }
    expect(calls).toHaveLength(1);
    // Someone joined: asked at once.
    await read(false);
    expect(calls).toHaveLength(2);
    // Empty again, and a minute later: asked again.
    vi.advanceTimersByTime(NOT_OPEN_RETRY_MS);
    await read(true);
    expect(calls).toHaveLength(3);
  });

  it("another failure (not LiveKit's 'no node') is retried at the next scan", async () => {
    const { ads, calls } = refusing(401, "unauthorized");
    const since = new Map<string, number>();
    const budget = new ReadBudget(1_000);
    for (let i = 0; i < 3; i++)
      await readDispatchesFor(new Map(), "p", target, ads, "r", budget, { since, nobodyIn: true });
    expect(calls).toHaveLength(3);
    expect(since.size).toBe(0);
  });
});
