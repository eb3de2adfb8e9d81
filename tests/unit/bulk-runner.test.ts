import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import type { RoomServiceClient } from "livekit-server-sdk";
import { Semaphore } from "@/lib/concurrency";
import type { BulkStore, ItemResult, JobRow, PendingItem } from "@/lib/db/bulk-store";
import { ReadBudget } from "@/lib/live/budget";
import type { Recorder } from "@/lib/procedures/procedure";
import { BulkRunner } from "@/lib/rooms/bulk/runner";

/** A job's rows as BulkStore keeps them, in memory: only what a runner calls. */
function memoryStore(names: string[]) {
  const items = names.map((name, seq) => ({
    seq,
    name,
    auditId: null as number | null,
    result: undefined as ItemResult | undefined,
  }));
  const store = {
    pending: async (_job: string, limit: number, afterSeq = -1): Promise<PendingItem[]> =>
      items
        .filter((i) => i.seq > afterSeq && !i.result)
        .slice(0, limit)
        .map(({ seq, name, auditId }) => ({ seq, name, auditId })),
    setAuditIds: async (_job: string, ids: { seq: number; auditId: number }[]) => {
      for (const { seq, auditId } of ids) items[seq]!.auditId = auditId;
    },
    saveResults: async (_job: string, results: ItemResult[]) => {
      // A write takes a moment, as the database's does: other rooms finish meanwhile.
      await sleep(5);
      for (const r of results) items[r.seq]!.result ??= r;
      return results.length;
    },
    heartbeat: async () => ({ cancelRequested: false }),
    stop: async () => {},
    finish: async () => {},
    view: async () => undefined,
  };
  return store as unknown as BulkStore;
}

const recorder = {
  beginMany: async (_action: string, targets: string[]) => targets.map((_, i) => i + 1),
  close: async () => {},
  note: async () => {},
} as unknown as Recorder;

const job: JobRow = {
  id: "job-1",
  project: "default",
  actor: "ops",
  role: "admin",
  total: 0,
  auditId: null,
  owner: "here",
  takeovers: 0,
};

const deps = (rs: RoomServiceClient, store: BulkStore) => ({
  rs,
  budget: new ReadBudget(1_000),
  store,
  owner: "here",
  concurrency: 4,
  audit: recorder,
  describe: (e: unknown) => String(e),
  stillAllowed: () => true,
  slots: new Semaphore(4),
  onGhost: () => {},
  // History's word: nobody in any of them (no participant lists are read).
  presence: async (sids: string[]) => new Map(sids.map((s) => [s, 0])),
});

const names = Array.from({ length: 600 }, (_, i) => `room-${i}`);

/** LiveKit holding `names`, every one of them empty; the rooms deleted, in order. */
function quietLiveKit() {
  const deleted: string[] = [];
  const rs = {
    listRooms: async (asked?: string[]) =>
      (asked ?? names).map((name) => ({
        sid: `RM_${name}`,
        name,
        numParticipants: 0,
        numPublishers: 0,
        activeRecording: false,
      })),
    listParticipants: async () => [],
    deleteRoom: async (name: string) => {
      deleted.push(name);
      await sleep(1);
    },
  } as unknown as RoomServiceClient;
  return { rs, deleted };
}

describe("BulkRunner", () => {
  it("a job whose results are written, each write taking a moment, runs to its end", async () => {
    const { rs, deleted } = quietLiveKit();
    const runner = new BulkRunner({ ...job, total: names.length }, deps(rs, memoryStore(names)));
    await runner.done;
    expect(new Set(deleted).size).toBe(600);
  });

  it("results that cannot be written stop the job before another batch is touched", async () => {
    const { rs, deleted } = quietLiveKit();
    const store = memoryStore(names);
    (store as { saveResults: unknown }).saveResults = async () => {
      throw new Error("database down");
    };
    const runner = new BulkRunner({ ...job, total: names.length }, deps(rs, store));
    await expect(runner.done).rejects.toThrow("bulk results cannot be written");
    // The first batch (250 rooms) only: its results could not be written, so no more.
    expect(deleted.length).toBe(250);
  });
});
