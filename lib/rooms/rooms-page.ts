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

/**
 * The sorted orders of one snapshot, kept until the next version: sorting 10,000 rooms with
 * a collator takes tens of milliseconds, filtering a sorted list under one.
 */
class SnapshotIndex {
  private orders = new Map<string, RoomView[]>();
  private lowered: Map<RoomView, string>;
  constructor(readonly rooms: RoomView[]) {
    this.lowered = new Map(rooms.map((r) => [r, r.name.toLocaleLowerCase()]));
  }
  ordered(s: Pick<TableState, "sort" | "dir">): RoomView[] {
    const k = `${s.sort}:${s.dir}`;
    let o = this.orders.get(k);
    if (!o) this.orders.set(k, (o = orderRooms(this.rooms, s)));
    return o;
  }
  matching(s: TableState): RoomView[] {
    const needle = s.q.trim().toLocaleLowerCase();
    const ordered = this.ordered(s);
    return needle ? ordered.filter((r) => this.lowered.get(r)!.includes(needle)) : ordered;
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
