import "server-only";
import type { RoomServiceClient } from "livekit-server-sdk";
import type { BulkItem, BulkJobView, BulkPreview } from "@/lib/rooms/bulk-types";
import type { BulkStore, JobRow, PendingItem } from "@/lib/audit/bulk-store";
import type { RoomView } from "@/lib/rooms/view";
import { forEachLimited, Semaphore } from "@/lib/concurrency";
import type { Closing, Recorder } from "@/lib/procedures/procedure";

const status = (e: unknown) => (e as { status?: number }).status;

/**
 * Totals for the preview dialog. Which rooms exist and record comes from the project's room
 * snapshot; who would be disconnected is counted live, room by room: LiveKit's own room counts
 * lag by up to 5 s and leave agents out (an agent-only room, the very room on-call clears,
 * lists 0 participants), and this is the number the operator confirms.
 */
export async function previewBulk(
  rs: RoomServiceClient,
  snapshot: RoomView[],
  names: string[],
  opts: { concurrency: number; confirmAbove: number },
): Promise<BulkPreview> {
  const wanted = new Set(names);
  const listed = new Map(snapshot.filter((r) => wanted.has(r.name)).map((r) => [r.name, r]));
  let participants = 0;
  await forEachLimited([...listed.keys()], opts.concurrency, async (name) => {
    // Await first: `participants += await …` would read the total before the await.
    const here = (await rs.listParticipants(name).catch(() => [])).length;
    participants += here;
  });
  const { confirmAbove } = opts;
  return {
    rooms: names.length,
    participants,
    recording: [...listed.values()].filter((r) => r.activeRecording).map((r) => r.name),
    missing: names.filter((n) => !listed.has(n)),
    confirmAbove,
  };
}

/**
 * Deletes one room and says exactly what happened. "deleted" only when LiveKit's DeleteRoom
 * succeeded; a refusal for a room LiveKit still lists is a ghost, not a success.
 */
export async function deleteOne(
  rs: RoomServiceClient,
  name: string,
  describe: (e: unknown) => string,
): Promise<BulkItem> {
  let disconnected = 0;
  // Counted live, right before the delete: whoever is in the room now, agents included, and
  // whoever joined after the warning. LiveKit's room counts lag and leave agents out.
  try {
    disconnected = (await rs.listParticipants(name)).length;
  } catch {
    /* counted as 0; the delete below decides */
  }
  try {
    await rs.deleteRoom(name);
    return { name, status: "deleted", disconnected };
  } catch (e) {
    const code = status(e);
    if (code === 404 || code === 503) {
      const stillListed = (await rs.listRooms([name]).catch(() => [])).length > 0;
      if (!stillListed) return { name, status: "already_closed", disconnected: 0 };
      return {
        name,
        status: "ghost",
        disconnected: 0,
        message: code === 404 ? "LiveKit says it does not exist" : "no node answers for it",
      };
    }
    return { name, status: "failed", disconnected: 0, message: describe(e) };
  }
}

type Prepared = {
  /** Rooms with their audit record written, to delete. */
  ready: PendingItem[];
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
  readonly done: Promise<void>;

  constructor(
    readonly job: JobRow,
    private readonly deps: RunDeps,
  ) {
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
    return { ready: batch.filter((b) => b.auditId !== null), last };
  }

  private async deleteBatch({ ready }: Prepared) {
    await forEachLimited(
      ready,
      this.deps.concurrency,
      async (item) => {
        if (!this.allowed()) return;
        const result = await this.deps.slots.run(() =>
          deleteOne(this.deps.rs, item.name, this.deps.describe),
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

/** The job's own record ends with what really happened, not with "started". */
export function closingOf(v: BulkJobView): Closing {
  const disconnected = v.disconnected;
  if (v.counts.deleted + v.counts.already_closed === v.total)
    return { outcome: "ok", disconnected };
  const errorCode = v.stopped ? "permission_withdrawn" : v.cancelled ? "cancelled" : "partial";
  return { outcome: "failed", errorCode, disconnected };
}

const SLOTS = Symbol.for("livekit-admin.delete-slots");
type SlotHolder = { [SLOTS]?: Map<string, Semaphore> };

/** The one delete limit of a LiveKit project in this process (LIVEKIT_DELETE_CONCURRENCY). */
export function deleteSlots(project: string, limit: number): Semaphore {
  const all = ((globalThis as SlotHolder)[SLOTS] ??= new Map<string, Semaphore>());
  let s = all.get(project);
  if (!s) all.set(project, (s = new Semaphore(limit)));
  else s.setLimit(limit);
  return s;
}

/** Runners of this instance, by job id (a finished runner is dropped). */
const RUNNERS = Symbol.for("livekit-admin.bulk-runners");
type RunnerHolder = { [RUNNERS]?: Map<string, BulkRunner> };

export function runners(): Map<string, BulkRunner> {
  return ((globalThis as RunnerHolder)[RUNNERS] ??= new Map<string, BulkRunner>());
}

export function startRunner(job: JobRow, deps: RunDeps): BulkRunner {
  const runner = new BulkRunner(job, deps);
  runners().set(job.id, runner);
  void runner.done.finally(() => runners().delete(job.id));
  return runner;
}
