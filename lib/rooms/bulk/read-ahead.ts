import "server-only";
import type { RoomServiceClient } from "livekit-server-sdk";
import type { Listed } from "@/lib/rooms/bulk/delete-one";
import { listByName } from "@/lib/rooms/bulk/list-by-name";
import { provenEmpty, type PresenceOf } from "@/lib/rooms/bulk/proven-empty";

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
  /**
   * The lists read, newest last, while they are fresh (at most FRESH_MS old): every one a room
   * may still be taken from. Keeping only the newest two dropped a list still in use when one
   * was read again beside the one read ahead of it, and every room after that read a list of
   * its own (337 lists for 10,000 rooms, not 100).
   */
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

  /** The newest fresh list that holds room `i`. */
  private windowOf(i: number): Window | undefined {
    return this.windows.findLast((w) => i >= w.from && i < w.to && this.now() - w.at <= FRESH_MS);
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
    // The rooms after it are in a fresh list already (one read again can overlap the next).
    if (w.to >= this.names.length || this.windowOf(w.to)) return;
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
    const now = this.now();
    this.windows = [
      ...this.windows.filter((w) => now - w.at <= FRESH_MS),
      { from, to, at, listed },
    ];
  }
}

type Window = { from: number; to: number; at: number; listed: Map<string, Listed> | undefined };
