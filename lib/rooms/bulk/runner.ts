import "server-only";
import type { RoomServiceClient } from "livekit-server-sdk";
import type { BulkStore, JobRow, PendingItem } from "@/lib/db/bulk-store";
import { forEachLimited, type Semaphore } from "@/lib/concurrency";
import { budgetedReads, type ReadBudget } from "@/lib/live/budget";
import type { Recorder } from "@/lib/procedures/procedure";
import { closingOf } from "@/lib/rooms/bulk/closing";
import { deleteOne } from "@/lib/rooms/bulk/delete-one";
import type { PresenceOf } from "@/lib/rooms/bulk/proven-empty";
import { FreshLists } from "@/lib/rooms/bulk/read-ahead";
import type { BulkItem } from "@/lib/rooms/bulk/types";

type Prepared = {
  /** Rooms with their audit record written, to delete. */
  ready: PendingItem[];
  /** Where they start in the job's FreshLists. */
  first: number;
  /** The batch's last sequence number: the next batch starts after it. */
  last: number;
};

/** Rooms whose audit records are written together, before any of them is touched. */
const BATCH = 250;
/** How often results are written (progress any instance shows) and the owner beats. */
const FLUSH_MS = 250;
export const HEARTBEAT_MS = 2_000;
/** A job whose owner has not beaten for this long is taken over by another instance. */
export const TAKEOVER_AFTER_MS = 10_000;

export type RunDeps = {
  rs: RoomServiceClient;
  /** The project's read budget: the job's room lists and live counts wait for it. */
  budget: ReadBudget;
  store: BulkStore;
  /** This instance (the job's owner while it runs here). */
  owner: string;
  concurrency: number;
  /** The starter's audit trail: records for rooms, and the job's own record to close. */
  audit: Recorder;
  describe: (e: unknown) => string;
  /** Re-checked before each room: false once the actor may no longer delete here. */
  stillAllowed: () => boolean;
  /** Deletes in flight for this LiveKit project, across every job of this instance. */
  slots: Semaphore;
  /** A room LiveKit lists but would not delete (Needs attention marks it a ghost). */
  onGhost: (name: string, why: string) => void;
  /** History's word on who is in each room: rooms proven empty are not counted one by one. */
  presence?: PresenceOf;
};

/**
 * Runs a bulk delete held in the database (BulkStore), from wherever it stands: the instance
 * that started it, or another that took it over when the first stopped beating. Rooms are
 * done in batches; each batch's audit records are written before its rooms are touched (no
 * record, no delete), and each room's result is written with its record closed in one
 * statement, every 250 ms.
 */
export class BulkRunner {
  private cancelRequested = false;
  /** Another instance holds the job now (this one stalled): stop without touching it. */
  private lost = false;
  private stopReason: string | undefined;
  private buffer: { item: PendingItem; result: BulkItem }[] = [];
  private flushing: Promise<void> = Promise.resolve();
  /** The job's room lists, read ahead of the deletes across batches. */
  private readonly lists: FreshLists;
  readonly done: Promise<void>;

  constructor(
    readonly job: JobRow,
    private readonly deps: RunDeps,
  ) {
    // Reads wait for the budget; DeleteRoom calls do not (LIVEKIT_DELETE_CONCURRENCY bounds them).
    this.deps = { ...deps, rs: budgetedReads(deps.rs, deps.budget) };
    this.lists = new FreshLists(this.deps.rs, [], deps.presence);
    this.done = this.run();
  }

  private stopped = () => this.cancelRequested || this.lost || this.stopReason !== undefined;

  /** Stops what has not started; rooms already being deleted finish. */
  cancel() {
    this.cancelRequested = true;
  }

  /** Checked before each room: a demoted or removed operator's job stops there. */
  private allowed(): boolean {
    if (this.deps.stillAllowed()) return true;
    if (!this.stopReason) {
      this.stopReason = "permission withdrawn";
      void this.deps.store.stop(this.job.id, this.stopReason).catch(() => {});
      void this.deps.audit.note({
        action: "bulk.stopped",
        target: `${this.job.total} rooms`,
        params: { reason: this.stopReason },
        outcome: "failed",
        errorCode: "permission_withdrawn",
      });
    }
    return false;
  }

  private async beat() {
    const b = await this.deps.store.heartbeat(this.job.id, this.deps.owner).catch(() => null);
    // A failed write is not a lost job: the database may be back at the next beat.
    if (b === undefined) this.lost = true;
    else if (b?.cancelRequested) this.cancelRequested = true;
  }

  private flush(): Promise<void> {
    const items = this.buffer;
    this.buffer = [];
    this.flushing = this.flushing.then(async () => {
      if (items.length === 0) return;
      try {
        await this.deps.store.saveResults(
          this.job.id,
          items.map(({ item, result }) => ({
            seq: item.seq,
            status: result.status,
            disconnected: result.disconnected,
            message: result.message,
          })),
        );
      } catch {
        // Kept for the next flush: a room's result is never lost while this instance lives.
        this.buffer.unshift(...items);
      }
    });
    return this.flushing;
  }

  /**
   * The next batch after `afterSeq`, ready to delete: its rooms' audit records written (a room
   * whose record cannot be written gets "failed" and is not touched). Null when none is left.
   */
  private async prepare(afterSeq: number): Promise<Prepared | null> {
    const { store, audit } = this.deps;
    const batch = await store.pending(this.job.id, BATCH, afterSeq);
    if (batch.length === 0) return null;
    const last = batch.at(-1)!.seq;
    // Rooms taken over keep the records written for them; the others get theirs now.
    const fresh = batch.filter((b) => b.auditId === null);
    const records = async () => {
      if (fresh.length === 0) return;
      try {
        const ids = await audit.beginMany(
          "room.delete",
          fresh.map((b) => b.name),
          { bulk: true, job: this.job.id },
        );
        fresh.forEach((b, k) => (b.auditId = ids[k]!));
        await store.setAuditIds(
          this.job.id,
          fresh.map((b) => ({ seq: b.seq, auditId: b.auditId! })),
        );
      } catch {
        for (const item of fresh) {
          item.auditId = null;
          this.buffer.push({
            item,
            result: {
              name: item.name,
              status: "failed",
              disconnected: 0,
              message: "the audit log cannot be written; not deleted",
            },
          });
        }
        await this.flush();
      }
    };
    await records();
    const ready = batch.filter((b) => b.auditId !== null);
    // In the job's lists as soon as it is prepared: the previous batch's last list reads
    // this one's first ahead of its deletes.
    return { ready, last, first: this.lists.extend(ready.map((r) => r.name)) };
  }

  private async deleteBatch({ ready, first }: Prepared) {
    const lists = this.lists;
    await forEachLimited(
      ready,
      this.deps.concurrency,
      async (item, i) => {
        if (!this.allowed()) return;
        const result = await this.deps.slots.run(async () =>
          deleteOne(this.deps.rs, item.name, this.deps.describe, await lists.get(first + i)),
        );
        if (result.status === "ghost") this.deps.onGhost(item.name, result.message ?? "");
        this.buffer.push({ item, result });
      },
      this.stopped,
    );
  }

  private async run() {
    const { store, audit } = this.deps;
    const beat = setInterval(() => void this.beat(), HEARTBEAT_MS);
    const tick = setInterval(() => void this.flush(), FLUSH_MS);
    // The next batch is prepared while this one is deleted: its records are written while
    // DeleteRoom calls are in flight, not between batches.
    try {
      // Handled at once (awaited later): a failure while a batch is deleted is not "unhandled".
      const prepare = (after: number) => {
        const p = this.prepare(after);
        p.catch(() => {});
        return p;
      };
      let next = prepare(-1);
      while (!this.stopped() && this.allowed()) {
        const prepared = await next;
        if (!prepared) break;
        next = prepare(prepared.last);
        await this.deleteBatch(prepared);
        await this.flush();
        // Results that could not be written stop the job here rather than loop on them.
        if (this.buffer.length > 0) throw new Error("bulk results cannot be written");
        await this.beat();
      }
      // A batch prepared when the job stopped keeps its records; finish closes them.
      await next;
      if (this.lost) return;
      const errorCode = this.stopReason ? "permission_withdrawn" : "cancelled";
      await store.finish(
        this.job.id,
        this.deps.owner,
        errorCode,
        this.stopReason ? `not started: ${this.stopReason}` : null,
      );
      // The job's record is closed last: a finished job's record is final.
      const view = await store.view(this.job.id);
      if (view && this.job.auditId !== null)
        await audit.close(this.job.auditId, closingOf(view)).catch(() => {});
    } finally {
      clearInterval(beat);
      clearInterval(tick);
    }
  }
}
