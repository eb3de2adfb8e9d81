import "server-only";
import type { Room, RoomServiceClient } from "livekit-server-sdk";
import type { BulkItem, BulkJobView, BulkPreview } from "@/lib/rooms/bulk-types";
import type { BulkStore, JobRow, PendingItem } from "@/lib/db/bulk-store";
import { toRoomView, type RoomView } from "@/lib/rooms/view";
import { forEachLimited, Semaphore } from "@/lib/concurrency";
import { budgetedReads, type ReadBudget } from "@/lib/live/budget";
import type { Closing, Recorder } from "@/lib/procedures/procedure";

const status = (e: unknown) => (e as { status?: number }).status;

/** What a room list says of a room that matters before deleting it. */
type Occupancy = Pick<RoomView, "numParticipants" | "numPublishers" | "activeRecording">;

/**
 * LiveKit lists the room with nobody in it, nobody publishing and no recording. Its participant
 * count leaves agents and recorders out, but it counts them among the publishers (an agent that
 * speaks) and flags a recording. Alone this cannot show an agent that publishes nothing, nor
 * for up to 5 s a join into a room whose counts changed in the 5 s before (LiveKit refreshes a
 * room's counts at once when they had been still, at most every 5 s otherwise): see provenEmpty.
 */
export const listedEmpty = (r: Occupancy) =>
  r.numParticipants === 0 && r.numPublishers === 0 && !r.activeRecording;

/**
 * Who is in each room by LiveKit's webhooks (History: joins minus leaves, agents included), by
 * room sid, for the rooms history has followed since they started; the others are left out.
 */
export type PresenceOf = (sids: string[]) => Promise<Map<string, number>>;

/**
 * The rooms (by name) nobody can be disconnected from, so their participants are not listed one
 * room at a time: LiveKit lists them empty (listedEmpty) and its webhooks, followed since the
 * room started, left nobody in them (which sees an agent that publishes nothing, and a join
 * LiveKit's count has not shown yet). Without webhooks for a room (not configured, or the room
 * started before they were), nothing is proven and every room is counted live.
 */
export async function provenEmpty(
  rooms: Iterable<RoomView>,
  presence: PresenceOf | undefined,
): Promise<Set<string>> {
  const candidates = [...rooms].filter(listedEmpty);
  if (!presence || candidates.length === 0) return new Set();
  const present = await presence(candidates.map((r) => r.sid)).catch(() => new Map());
  return new Set(candidates.filter((r) => present.get(r.sid) === 0).map((r) => r.name));
}

/** Names per ListRooms when rooms are read by name. */
const NAMES_PER_LIST = 500;

/** Lists read at once when rooms are read by name (a preview of 1,000 rooms reads two). */
const LISTS_AT_ONCE = 2;

async function listByName(rs: RoomServiceClient, names: string[]): Promise<Map<string, RoomView>> {
  const chunks: string[][] = [];
  for (let i = 0; i < names.length; i += NAMES_PER_LIST)
    chunks.push(names.slice(i, i + NAMES_PER_LIST));
  const lists: Room[][] = [];
  await forEachLimited(chunks, LISTS_AT_ONCE, async (chunk, i) => {
    lists[i] = await rs.listRooms(chunk);
  });
  const out = new Map<string, RoomView>();
  for (const list of lists) for (const r of list) out.set(r.name, toRoomView(r));
  return out;
}

/**
 * Totals for the preview dialog, from one room list read now (by name): which rooms exist and
 * record, and who would be disconnected. Rooms proven empty (provenEmpty) count 0; the others
 * are counted live, room by room, agents included: LiveKit's own participant count leaves
 * agents out (an agent-only room, the very room on-call clears, lists 0 participants), and this
 * is the number the operator confirms. Every read (each ListRooms of names, each room's
 * ListParticipants) waits for a token of the project's read budget: a preview of 300 rooms
 * made 352 reads in 3.6 s before, above LIVEKIT_READS_PER_SECOND, for any viewer.
 */
export async function previewBulk(
  lk: RoomServiceClient,
  names: string[],
  opts: { concurrency: number; confirmAbove: number; budget: ReadBudget; presence?: PresenceOf },
): Promise<BulkPreview> {
  const rs = budgetedReads(lk, opts.budget);
  const listed = await listByName(rs, names);
  const empty = await provenEmpty(listed.values(), opts.presence);
  let participants = 0;
  const toCount = [...listed.keys()].filter((name) => !empty.has(name));
  await forEachLimited(toCount, opts.concurrency, async (name) => {
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
 * What a list read right before a delete says of the room (FreshLists): not listed (already
 * closed: nothing is deleted, so a new room of the same name is never touched), proven empty,
 * or anything else (counted live).
 */
export type Listed = "gone" | "empty" | "count";

/**
 * Deletes one room and says exactly what happened. "deleted" only when LiveKit's DeleteRoom
 * succeeded; a refusal for a room LiveKit still lists is a ghost, not a success.
 */
export async function deleteOne(
  rs: RoomServiceClient,
  name: string,
  describe: (e: unknown) => string,
  listed: Listed = "count",
): Promise<BulkItem> {
  if (listed === "gone") return { name, status: "already_closed", disconnected: 0 };
  let disconnected = 0;
  // Counted live, right before the delete: whoever is in the room now, agents included, and
  // whoever joined after the warning. LiveKit's room counts lag and leave agents out.
  if (listed === "count") {
    try {
      disconnected = (await rs.listParticipants(name)).length;
    } catch {
      /* counted as 0; the delete below decides */
    }
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

/** How old a room list may be when a room is deleted on its word. */
export const FRESH_MS = 1_000;
/** Rooms one list asks for, ahead of their deletes. */
const LIST_AHEAD = 100;

/**
 * Room lists read ahead of the deletes, a few rooms at a time: the deletes take rooms in order,
 * and the room about to be deleted is looked up in a list at most FRESH_MS old, read by name
 * (one ListRooms per LIST_AHEAD rooms, one read at a time) with history's word on who is in
 * them. When no such list can be had (LiveKit slow or failing), the room is counted live.
 *
 * The next list is read while the second half of the current one's rooms are deleted, so the
 * deletes do not stop at every LIST_AHEAD rooms to wait for it (they did: a ListRooms and a
 * history query, ten times per 1,000 rooms). It is still at most FRESH_MS old when used, or
 * read again. After a list that failed nothing is read ahead.
 */
export class FreshLists {
  /** The lists read, newest last: the current one and the one read ahead of it. */
  private windows: Window[] = [];
  private reading: Promise<void> | undefined;
  private readonly names: string[];

  constructor(
    private readonly rs: RoomServiceClient,
    names: string[],
    private readonly presence: PresenceOf | undefined,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.names = [...names];
  }

  /**
   * More rooms, deleted after these (a bulk delete's next batch, known while this one is
   * deleted): their first list can be read ahead too. Returns the index of the first of them.
   */
  extend(more: string[]): number {
    const first = this.names.length;
    this.names.push(...more);
    return first;
  }

  async get(i: number): Promise<Listed> {
    for (;;) {
      const answer = this.answer(i);
      if (answer) {
        this.readAhead(i);
        return answer;
      }
      // Another room's read in flight: wait for it, then look again.
      if (this.reading) {
        await this.reading;
        continue;
      }
      await this.start(i);
      // Its own read: taken, or (when it came back too late) the room is counted live.
      return this.answer(i) ?? "count";
    }
  }

  private windowOf(i: number): Window | undefined {
    return this.windows.find((w) => i >= w.from && i < w.to && this.now() - w.at <= FRESH_MS);
  }

  private answer(i: number): Listed | undefined {
    const w = this.windowOf(i);
    if (!w) return undefined;
    return w.listed?.get(this.names[i]!) ?? (w.listed ? "gone" : "count");
  }

  /** Halfway through a list that was read, the next one is read (if none is being read). */
  private readAhead(i: number) {
    const w = this.windowOf(i);
    if (!w?.listed || this.reading || i < w.from + LIST_AHEAD / 2) return;
    if (w.to >= this.names.length || this.windows.some((x) => x.from === w.to)) return;
    void this.start(w.to); // never rejects: a failed read is a list of nothing known
  }

  private start(from: number): Promise<void> {
    this.reading = this.read(from).finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async read(from: number) {
    const at = this.now();
    const to = Math.min(this.names.length, from + LIST_AHEAD);
    const names = this.names.slice(from, to);
    let listed: Map<string, Listed> | undefined;
    try {
      const rooms = await listByName(this.rs, names);
      const empty = await provenEmpty(rooms.values(), this.presence);
      listed = new Map([...rooms.keys()].map((n) => [n, empty.has(n) ? "empty" : "count"]));
    } catch {
      listed = undefined;
    }
    this.windows = [...this.windows, { from, to, at, listed }].slice(-2);
  }
}

type Window = { from: number; to: number; at: number; listed: Map<string, Listed> | undefined };

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
