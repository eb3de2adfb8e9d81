import { afterEach, describe, expect, it, vi } from "vitest";
import { IngestQueue, type Outcome } from "@/lib/history/ingest-queue";

/** A writer the test releases by hand: each call waits until `release()`. */
function heldWriter(opts: { fail?: (items: string[]) => Error | undefined } = {}) {
  const calls: string[][] = [];
  const stored = new Set<string>();
  let releases: (() => void)[] = [];
  const write = (items: string[]) => {
    calls.push(items);
    return new Promise<Set<string>>((resolve, reject) => {
      releases.push(() => {
        const err = opts.fail?.(items);
        if (err) return reject(err);
        const fresh = new Set(items.filter((k) => !stored.has(k)));
        for (const k of fresh) stored.add(k);
        resolve(fresh);
      });
    });
  };
  const release = async () => {
    const r = releases;
    releases = [];
    for (const f of r) f();
    // Let the settled promises' callbacks and the next pump run.
    await new Promise((r) => setImmediate(r));
  };
  return { write, calls, stored, release };
}

const queue = (
  w: ReturnType<typeof heldWriter>,
  o: Partial<ConstructorParameters<typeof IngestQueue>[1]> = {},
) =>
  new IngestQueue<string>(w.write, {
    maxPending: 1_000,
    maxBatch: 100,
    concurrency: 1,
    timeoutMs: 60_000,
    ...o,
  });

afterEach(() => vi.useRealTimers());

describe("webhook group commit", () => {
  it("answers an event only after the statement holding it has committed", async () => {
    const w = heldWriter();
    const q = queue(w);
    let answered: Outcome | undefined;
    void q.offer("a", "a").then((o) => (answered = o));
    await new Promise((r) => setImmediate(r));
    expect(w.calls).toEqual([["a"]]);
    expect(answered).toBeUndefined();
    await w.release();
    expect(answered).toEqual({ kind: "stored" });
  });

  it("stores the events that arrive during a statement together in the next one", async () => {
    const w = heldWriter();
    const q = queue(w);
    const first = q.offer("e0", "e0");
    const rest = Array.from({ length: 49 }, (_, i) => q.offer(`e${i + 1}`, `e${i + 1}`));
    expect(q.pending).toBe(50);
    await w.release();
    await w.release();
    expect(await first).toEqual({ kind: "stored" });
    expect(await Promise.all(rest)).toEqual(Array(49).fill({ kind: "stored" }));
    expect(w.calls.map((c) => c.length)).toEqual([1, 49]);
    expect(q.pending).toBe(0);
  });

  it("keeps each statement to maxBatch rows and runs up to `concurrency` at once", async () => {
    const w = heldWriter();
    const q = queue(w, { maxBatch: 10, concurrency: 2 });
    const all = Array.from({ length: 35 }, (_, i) => q.offer(`e${i}`, `e${i}`));
    // The first two go at once, each alone; the rest wait for a free statement.
    expect(w.calls.map((c) => c.length)).toEqual([1, 1]);
    while (w.stored.size < 35) await w.release();
    expect(w.calls.map((c) => c.length)).toEqual([1, 1, 10, 10, 10, 3]);
    expect((await Promise.all(all)).every((o) => o.kind === "stored")).toBe(true);
  });

  it("a retry delivered while the first delivery waits: one row, one 'stored', one 'duplicate'", async () => {
    const w = heldWriter();
    const q = queue(w);
    const block = q.offer("x", "x");
    const a = q.offer("dup", "dup");
    const b = q.offer("dup", "dup");
    await w.release();
    await w.release();
    await block;
    expect([await a, await b]).toEqual([{ kind: "stored" }, { kind: "duplicate" }]);
    expect(w.calls[1]).toEqual(["dup"]);
    // Delivered again later: already there.
    const c = q.offer("dup", "dup");
    await w.release();
    expect(await c).toEqual({ kind: "duplicate" });
  });

  it("refuses at once when maxPending events are waiting, and takes events again once they are stored", async () => {
    const w = heldWriter();
    const q = queue(w, { maxPending: 3 });
    const waiting = [q.offer("a", "a"), q.offer("b", "b"), q.offer("c", "c")];
    expect(await q.offer("d", "d")).toEqual({ kind: "busy", reason: "queue full" });
    await w.release();
    await w.release();
    await Promise.all(waiting);
    const d = q.offer("d", "d");
    await w.release();
    expect(await d).toEqual({ kind: "stored" });
    expect(w.stored.has("d")).toBe(true);
  });

  it("answers 'timed out' when the database does not commit in time (the row may still land; a retry finds it)", async () => {
    vi.useFakeTimers();
    const w = heldWriter();
    const q = queue(w, { timeoutMs: 5_000 });
    const p = q.offer("slow", "slow");
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await p).toEqual({ kind: "busy", reason: "timed out" });
    vi.useRealTimers();
    await w.release();
    expect(w.stored.has("slow")).toBe(true);
    const retry = q.offer("slow", "slow");
    await w.release();
    expect(await retry).toEqual({ kind: "duplicate" });
  });

  it("one event the database refuses fails alone; the rest of its statement is stored", async () => {
    const poison = Object.assign(new Error("unsupported Unicode escape sequence"), {
      code: "22P05",
    });
    const w = heldWriter({ fail: (items) => (items.includes("bad") ? poison : undefined) });
    const q = queue(w);
    const block = q.offer("first", "first");
    const batch = ["a", "bad", "b"].map((k) => q.offer(k, k));
    const bad2 = q.offer("bad", "bad");
    for (let i = 0; i < 6; i++) await w.release();
    await block;
    const [a, bad, b] = await Promise.all(batch);
    expect(a).toEqual({ kind: "stored" });
    expect(b).toEqual({ kind: "stored" });
    expect(bad).toMatchObject({ kind: "failed", error: poison });
    expect(await bad2).toMatchObject({ kind: "failed", error: poison });
    expect([...w.stored].sort()).toEqual(["a", "b", "first"]);
  });

  it("a database that is down fails the whole statement, without trying each event alone", async () => {
    const down = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    const w = heldWriter({ fail: () => down });
    const q = queue(w);
    const all = ["a", "b", "c", "d"].map((k) => q.offer(k, k));
    await w.release();
    await w.release();
    expect((await Promise.all(all)).map((o) => o.kind)).toEqual(Array(4).fill("failed"));
    expect(w.calls).toEqual([["a"], ["b", "c", "d"]]);
  });

  it("when the database goes away while each row is tried alone, the rest fail without being tried", async () => {
    const poison = Object.assign(new Error("invalid input"), { code: "22P02" });
    const down = Object.assign(new Error("Connection terminated"), { code: "57P01" });
    let singles = -1; // the first statement ("0" alone) is not one of them
    const w = heldWriter({
      fail: (items) => {
        if (items.length > 1) return poison;
        singles += 1;
        return singles <= 1 ? undefined : down;
      },
    });
    const q = queue(w);
    const block = q.offer("0", "0");
    const rest = ["a", "b", "c", "d"].map((k) => q.offer(k, k));
    for (let i = 0; i < 6; i++) await w.release();
    await block;
    const outcomes = await Promise.all(rest);
    expect(outcomes.map((o) => o.kind)).toEqual(["stored", "failed", "failed", "failed"]);
    expect(outcomes[3]).toMatchObject({ error: down });
    // "0" alone, the batch, then "a" (stored) and "b" (down): "c" and "d" never tried.
    expect(w.calls).toEqual([["0"], ["a", "b", "c", "d"], ["a"], ["b"]]);
  });
});
