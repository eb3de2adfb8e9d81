import "server-only";
import { randomUUID } from "node:crypto";
import type { RoomServiceClient } from "livekit-server-sdk";
import type { BulkItem, BulkJobView, BulkPreview, ItemStatus } from "@/lib/rooms/bulk-types";
import type { RoomView } from "@/lib/rooms/view";
import { forEachLimited, Semaphore } from "@/lib/concurrency";
import type { Closing, Recorder } from "@/lib/procedures/procedure";
import { markGhost } from "@/lib/rooms/attention-scan";

const status = (e: unknown) => (e as { status?: number }).status;

/**
 * Totals for the preview dialog. Which rooms exist and record comes from the project's room
 * snapshot; who would be disconnected is counted live, room by room: LiveKit's own room counts
 * lag by up to 5 s and leave agents out, and this is the number the operator confirms.
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
  // Counted live: LiveKit's room counts lag by seconds (and leave agents out), so they
  // cannot prove a room empty.
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

/** A room's record: deleted or already gone is "ok"; anything else says what stopped it. */
const itemClosing = (item: BulkItem): Closing => ({
  outcome: item.status === "deleted" || item.status === "already_closed" ? "ok" : "failed",
  disconnected: item.disconnected,
  errorCode: item.status === "deleted" ? undefined : item.status,
});

/** Rooms whose audit records are written (and closed) together. */
const BATCH = 100;

export class BulkJob {
  readonly id = randomUUID();
  readonly items: BulkItem[];
  private cancelRequested = false;
  /** Why the job stopped early on its own ("permission withdrawn"), if it did. */
  private stopReason: string | undefined;
  private finished = false;
  readonly done: Promise<void>;

  constructor(
    readonly project: string,
    readonly actor: string,
    names: string[],
    private readonly run: {
      rs: RoomServiceClient;
      concurrency: number;
      /** The starter's audit trail: one record per room, and the job's own record to close. */
      audit: Recorder;
      describe: (e: unknown) => string;
      /** Re-checked before each room: false once the actor may no longer delete here. */
      stillAllowed: () => boolean;
      /** Deletes in flight for this LiveKit project, across every job. */
      slots: Semaphore;
    },
  ) {
    this.items = names.map((name) => ({ name, status: "pending", disconnected: 0 }));
    this.done = this.start();
  }

  private stopped = () => this.cancelRequested || this.stopReason !== undefined;

  /** Checked before each room: a demoted or removed operator's job stops there. */
  private allowed(): boolean {
    if (this.run.stillAllowed()) return true;
    if (!this.stopReason) {
      this.stopReason = "permission withdrawn";
      void this.run.audit.note({
        action: "bulk.stopped",
        target: `${this.items.length} rooms`,
        params: { reason: this.stopReason },
        outcome: "failed",
        errorCode: "permission_withdrawn",
      });
    }
    return false;
  }

  /**
   * Batches of rooms: each batch's audit records are written in one statement before any of
   * its rooms is touched (no record, no delete), and closed in one statement after.
   */
  private async start() {
    for (let i = 0; i < this.items.length && !this.stopped() && this.allowed(); i += BATCH) {
      const batch = this.items.slice(i, i + BATCH);
      let ids: number[];
      try {
        ids = await this.run.audit.beginMany(
          "room.delete",
          batch.map((b) => b.name),
          { bulk: true, job: this.id },
        );
      } catch {
        for (const item of batch)
          Object.assign(item, {
            status: "failed",
            message: "the audit log cannot be written; not deleted",
          });
        continue;
      }
      const results = new Map<BulkItem, BulkItem>();
      await forEachLimited(
        batch,
        this.run.concurrency,
        async (item) => {
          if (!this.allowed()) return;
          const result = await this.run.slots.run(() =>
            deleteOne(this.run.rs, item.name, this.run.describe),
          );
          if (result.status === "ghost") markGhost(this.project, item.name, result.message ?? "");
          results.set(item, result);
          Object.assign(item, result);
        },
        this.stopped,
      );
      // Rooms of the batch never started (cancelled or stopped) close as not deleted.
      const closings = batch.map((item, j) => {
        const r = results.get(item);
        return {
          id: ids[j]!,
          ...(r
            ? itemClosing(r)
            : {
                outcome: "failed" as const,
                errorCode: this.stopReason ? "permission_withdrawn" : "cancelled",
              }),
        };
      });
      await this.run.audit.closeMany(closings).catch(() => {
        for (const item of results.keys())
          item.message = `${item.message ? `${item.message}; ` : ""}audit record left pending`;
      });
    }
    for (const item of this.items)
      if (item.status === "pending")
        Object.assign(item, {
          status: "cancelled",
          message: this.stopReason ? `not started: ${this.stopReason}` : undefined,
        });
    // The job's record is closed before it reads as finished: a finished job's row is final.
    await this.run.audit.own?.close(this.closing());
    this.finished = true;
  }

  /** The job's own record ends with what really happened, not with "started". */
  private closing(): Closing {
    const v = this.view();
    const disconnected = v.disconnected;
    if (v.counts.deleted + v.counts.already_closed === v.total)
      return { outcome: "ok", disconnected };
    const errorCode = this.stopReason
      ? "permission_withdrawn"
      : this.cancelRequested
        ? "cancelled"
        : "partial";
    return { outcome: "failed", errorCode, disconnected };
  }

  get isRunning() {
    return !this.finished;
  }

  /** Stops what has not started; rooms already being deleted finish. */
  cancel() {
    this.cancelRequested = true;
  }

  view(): BulkJobView {
    const counts: Record<ItemStatus, number> = {
      pending: 0,
      deleted: 0,
      already_closed: 0,
      ghost: 0,
      failed: 0,
      cancelled: 0,
    };
    let disconnected = 0;
    for (const i of this.items) {
      counts[i.status] += 1;
      disconnected += i.disconnected;
    }
    return {
      id: this.id,
      total: this.items.length,
      done: this.items.length - counts.pending,
      running: !this.finished,
      cancelled: this.cancelRequested,
      stopped: this.stopReason,
      disconnected,
      counts,
      problems: this.items.filter((i) => i.status !== "deleted" && i.status !== "pending"),
    };
  }
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

/** Is this actor already running a bulk delete in this project? */
export function runningJobOf(actor: string, project: string): BulkJob | undefined {
  for (const j of jobs().values())
    if (j.actor === actor && j.project === project && j.isRunning) return j;
  return undefined;
}

const KEY = Symbol.for("livekit-admin.bulk-jobs");
type Holder = { [KEY]?: Map<string, BulkJob> };
const JOB_TTL_MS = 60 * 60_000;

/** Jobs live in this process for an hour after they start. */
export function jobs(): Map<string, BulkJob> {
  return ((globalThis as Holder)[KEY] ??= new Map<string, BulkJob>());
}

export function registerJob(job: BulkJob) {
  jobs().set(job.id, job);
  setTimeout(() => jobs().delete(job.id), JOB_TTL_MS).unref();
}
