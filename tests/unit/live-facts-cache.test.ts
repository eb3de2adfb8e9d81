import { describe, expect, it } from "vitest";
import type { NamedFact } from "@/lib/history/live-fact";
import { LiveFactsCache } from "@/lib/history/live-facts-cache";

const NOW = Date.parse("2026-11-23T12:00:00Z");
const LOOKBACK_MS = 600_000;
const fact = (sid: string, name: string, over: Partial<NamedFact> = {}): NamedFact => ({
  sid,
  name,
  present: 1,
  total: 1,
  seenBy: "webhook",
  startedAt: new Date(NOW - 60_000).toISOString(),
  countSince: null,
  endedAt: null,
  previousEndedAt: null,
  ...over,
});

/** A database of facts, counting which sids each load asked for. */
function db(initial: NamedFact[]) {
  const rows = new Map(initial.map((f) => [f.sid, f]));
  const asked: string[][] = [];
  return {
    rows,
    asked,
    load: (sids: string[]) => {
      asked.push([...sids]);
      return Promise.resolve(sids.flatMap((s) => (rows.has(s) ? [rows.get(s)!] : [])));
    },
  };
}

describe("LiveFactsCache", () => {
  it("reads each room once, then only rooms it has not seen", async () => {
    const d = db([fact("a", "one"), fact("b", "two")]);
    const c = new LiveFactsCache(LOOKBACK_MS);
    expect((await c.get("p", ["a", "b", "c"], d.load, NOW)).map((f) => f.sid)).toEqual(["a", "b"]);
    // "c" has no session: remembered as none, not asked again.
    expect(await c.get("p", ["a", "b", "c"], d.load, NOW)).toHaveLength(2);
    await c.get("p", ["a", "b", "c", "d"], d.load, NOW);
    expect(d.asked).toEqual([["a", "b", "c"], ["d"]]);
    // What comes out is a LiveFact: the name it was loaded under stays inside.
    expect((await c.get("p", ["a"], d.load, NOW))[0]).not.toHaveProperty("name");
  });

  it("a write to a room, or to any room of the same name, has its facts read again", async () => {
    const d = db([fact("a", "one"), fact("a2", "one"), fact("b", "two")]);
    const c = new LiveFactsCache(LOOKBACK_MS);
    await c.get("p", ["a", "a2", "b"], d.load, NOW);
    // Session "old" of room "one" closed: a2 may now have a previous session that ended.
    const ended = new Date(NOW - 5_000).toISOString();
    d.rows.set("a2", fact("a2", "one", { previousEndedAt: ended }));
    c.forget("p", ["old"], ["one"]);
    const after = await c.get("p", ["a", "a2", "b"], d.load, NOW);
    expect(d.asked.at(-1)!.sort()).toEqual(["a", "a2"]);
    expect(after.find((f) => f.sid === "a2")?.previousEndedAt).toBe(ended);
    // A room with no session yet gets one: asked again by its sid.
    await c.get("p", ["c"], d.load, NOW);
    d.rows.set("c", fact("c", "three"));
    c.forget("p", ["c"]);
    expect(await c.get("p", ["c"], d.load, NOW)).toHaveLength(1);
    // Another project's write forgets nothing here.
    const asked = d.asked.length;
    c.forget("q", ["a"], ["one"]);
    await c.get("p", ["a", "a2", "b", "c"], d.load, NOW);
    expect(d.asked).toHaveLength(asked);
  });

  it("a load that a write overtook is served but not kept", async () => {
    const d = db([fact("a", "one")]);
    const c = new LiveFactsCache(LOOKBACK_MS);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = c.get(
      "p",
      ["a"],
      async (sids) => {
        await gate;
        return d.load(sids);
      },
      NOW,
    );
    c.forget("p", ["a"]);
    release();
    expect(await slow).toHaveLength(1);
    await c.get("p", ["a"], d.load, NOW);
    expect(d.asked).toHaveLength(2);
  });

  it("ages a closed room of the same name out of the look-back, as the query would", async () => {
    const ended = new Date(NOW - 60_000).toISOString();
    const d = db([fact("a", "one", { previousEndedAt: ended })]);
    const c = new LiveFactsCache(LOOKBACK_MS);
    expect((await c.get("p", ["a"], d.load, NOW))[0]?.previousEndedAt).toBe(ended);
    const later = NOW - 60_000 + LOOKBACK_MS + 1;
    expect((await c.get("p", ["a"], d.load, later))[0]?.previousEndedAt).toBeNull();
  });

  it("drops rooms that are gone once they outnumber the live ones; retention clears all", async () => {
    const many = Array.from({ length: 1_500 }, (_, i) => fact(`s${i}`, `n${i}`));
    const d = db(many);
    const c = new LiveFactsCache(LOOKBACK_MS);
    await c.get(
      "p",
      many.map((f) => f.sid),
      d.load,
      NOW,
    );
    await c.get("p", ["s0"], d.load, NOW);
    // Everything but s0 was dropped: asking for s1 reads it again.
    await c.get("p", ["s0", "s1"], d.load, NOW);
    expect(d.asked.at(-1)).toEqual(["s1"]);
    c.clear();
    await c.get("p", ["s0"], d.load, NOW);
    expect(d.asked.at(-1)).toEqual(["s0"]);
  });
});
