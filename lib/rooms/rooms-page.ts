import "server-only";
import { z } from "zod";
import {
  DEFAULT_STATE,
  PAGE_SIZE,
  SORT_KEYS,
  orderRooms,
  type TableState,
} from "@/lib/rooms/table-state";
import type { RoomView } from "@/lib/rooms/view";

/** What a tab asks for: the URL's table state, checked (unknown values fall back). */
export const roomsQuerySchema = z.object({
  q: z.string().max(256, "Search is at most 256 characters").default(""),
  sort: z.enum(SORT_KEYS).default(DEFAULT_STATE.sort).catch(DEFAULT_STATE.sort),
  dir: z.enum(["asc", "desc"]).default(DEFAULT_STATE.dir).catch(DEFAULT_STATE.dir),
  page: z.coerce.number().int().min(1).default(1).catch(1),
});

/** One page of the rooms table, as small as the screen needs. */
export type RoomsPage = {
  rows: RoomView[];
  /** Rooms in the project; `matching` of them match the search. */
  total: number;
  matching: number;
  page: number;
  pageCount: number;
};

/** One sorted order of a snapshot, with each room's lowered name beside it. */
type Order = { rooms: RoomView[]; lowered: string[] };

/** Searches remembered per snapshot: a tab polls its search every 2 s, several tabs share one. */
const REMEMBERED_SEARCHES = 64;

/**
 * The sorted orders of one snapshot, kept until the next version: sorting 10,000 rooms with
 * a collator takes tens of milliseconds. Searches are remembered too (a tab polls the same
 * one every 2 s), and a search that extends a remembered one ("bench-1" after "bench-") filters
 * that one's rooms, not all of them: typing narrows an ever smaller list.
 */
class SnapshotIndex {
  private orders = new Map<string, Order>();
  private searches = new Map<string, Order>();
  constructor(readonly rooms: RoomView[]) {}
  ordered(s: Pick<TableState, "sort" | "dir">): Order {
    const k = `${s.sort}:${s.dir}`;
    let o = this.orders.get(k);
    if (!o) {
      const rooms = orderRooms(this.rooms, s);
      this.orders.set(k, (o = { rooms, lowered: rooms.map((r) => r.name.toLocaleLowerCase()) }));
    }
    return o;
  }
  matching(s: TableState): RoomView[] {
    const needle = s.q.trim().toLocaleLowerCase();
    if (!needle) return this.ordered(s).rooms;
    const order = `${s.sort}:${s.dir}:`;
    const hit = this.searches.get(order + needle);
    if (hit) {
      // Most recently used last: the oldest search is the one forgotten.
      this.searches.delete(order + needle);
      this.searches.set(order + needle, hit);
      return hit.rooms;
    }
    // Rooms matching "abc" are among those matching any part of it: start from the longest
    // remembered search that the needle contains.
    let from = this.ordered(s);
    let fromLength = 0;
    for (const [k, v] of this.searches) {
      const q = k.slice(order.length);
      if (k.startsWith(order) && q.length > fromLength && needle.includes(q)) {
        from = v;
        fromLength = q.length;
      }
    }
    const found: Order = { rooms: [], lowered: [] };
    for (let i = 0; i < from.rooms.length; i++) {
      if (from.lowered[i]!.includes(needle)) {
        found.rooms.push(from.rooms[i]!);
        found.lowered.push(from.lowered[i]!);
      }
    }
    this.searches.set(order + needle, found);
    if (this.searches.size > REMEMBERED_SEARCHES)
      this.searches.delete(this.searches.keys().next().value!);
    return found.rooms;
  }
}

// A cache, keyed by the snapshot's own array: a new version is a new array, and the old
// index goes with it.
const indexes = new WeakMap<RoomView[], SnapshotIndex>();
const indexOf = (rooms: RoomView[]) => {
  let index = indexes.get(rooms);
  if (!index) indexes.set(rooms, (index = new SnapshotIndex(rooms)));
  return index;
};

/** The page of `rooms` (one snapshot) that `s` asks for. */
export function roomsPage(rooms: RoomView[], s: TableState): RoomsPage {
  const matched = indexOf(rooms).matching(s);
  const pageCount = Math.max(1, Math.ceil(matched.length / PAGE_SIZE));
  const page = Math.min(s.page, pageCount);
  return {
    rows: matched.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
    total: rooms.length,
    matching: matched.length,
    page,
    pageCount,
  };
}

/** Every matching name, in table order ("select all N matching"). */
export function matchingNames(rooms: RoomView[], s: TableState): string[] {
  return indexOf(rooms)
    .matching(s)
    .map((r) => r.name);
}
