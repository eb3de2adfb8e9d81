import type { RoomView } from "@/lib/rooms/view";

/** Table state lives in the URL so a view can be pasted into an incident channel. */
export const SORT_KEYS = [
  "name",
  "participants",
  "publishers",
  "age",
  "emptyTimeout",
  "departureTimeout",
  "maxParticipants",
  "metadata",
  "recording",
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = "asc" | "desc";

export type TableState = { q: string; sort: SortKey; dir: SortDir; page: number };

export const PAGE_SIZE = 100;
/**
 * Rows of a page in its first HTML when the browser does not say how tall its window is: more
 * than a tall screen shows. The rest of the page's rows (they are in the same answer) are
 * drawn as soon as React runs in the browser. A browser parses, styles, lays out and paints
 * every row of the HTML before its first frame: traced, the rooms page's first style, layout
 * and paint took 42 ms with 100 rows, 19 ms with 30.
 */
export const FIRST_PAINT_ROWS = 40;

/**
 * The request header (a client hint the console asks for with Accept-CH) in which Chromium
 * browsers send the window's height in CSS pixels, from their second request to the console.
 */
export const VIEWPORT_HEIGHT_HINT = "sec-ch-viewport-height";

/** Measured in Chromium: the first row starts 243–396 px down (phone to desktop), rows 49 px. */
const ABOVE_ROWS_MIN_PX = 200;
const ROW_MIN_PX = 45;
/** Never fewer: a hint that is wrong or a layout that changes still gets a screenful. */
const FIRST_PAINT_ROWS_MIN = 12;

/**
 * Rows of the first HTML for a window `viewportHeight` CSS pixels tall (the hint's value):
 * what it shows with a margin (a 1280 × 720 window shows 10 rows and gets 14, a 1080-pixel-tall
 * one 17 and gets 22), never more than FIRST_PAINT_ROWS. Without a usable hint, FIRST_PAINT_ROWS.
 */
export function firstPaintRows(viewportHeight: string | null | undefined): number {
  const h = Number(viewportHeight);
  if (!viewportHeight || !Number.isFinite(h) || h <= 0) return FIRST_PAINT_ROWS;
  const shown = Math.ceil(Math.max(0, h - ABOVE_ROWS_MIN_PX) / ROW_MIN_PX) + 2;
  return Math.min(FIRST_PAINT_ROWS, Math.max(FIRST_PAINT_ROWS_MIN, shown));
}
// Newest rooms first: what an operator just created is on top.
export const DEFAULT_STATE: TableState = { q: "", sort: "age", dir: "asc", page: 1 };

type Params = { get(name: string): string | null };

export function readTableState(params: Params): TableState {
  const sort = params.get("sort");
  const dir = params.get("dir");
  const page = Number(params.get("page"));
  return {
    q: params.get("q") ?? "",
    sort: SORT_KEYS.includes(sort as SortKey) ? (sort as SortKey) : DEFAULT_STATE.sort,
    dir: dir === "asc" || dir === "desc" ? dir : DEFAULT_STATE.dir,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

/** Only non-default values go into the URL, so links stay short. */
export function tableStateToQuery(s: TableState): string {
  const p = new URLSearchParams();
  if (s.q) p.set("q", s.q);
  if (s.sort !== DEFAULT_STATE.sort || s.dir !== DEFAULT_STATE.dir) {
    p.set("sort", s.sort);
    p.set("dir", s.dir);
  }
  if (s.page > 1) p.set("page", String(s.page));
  const q = p.toString();
  return q ? `?${q}` : "";
}

const TEXT_COLUMNS: ReadonlySet<SortKey> = new Set(["name", "metadata"]);

/**
 * The state after a click on a column's header: the same column turns around; another starts
 * text A→Z, age youngest first, numbers biggest first (the busiest rooms are what one looks
 * for). Either goes back to the first page.
 */
export function sortedBy(s: TableState, key: SortKey): TableState {
  if (s.sort === key) return { ...s, dir: s.dir === "asc" ? "desc" : "asc", page: 1 };
  return { ...s, sort: key, dir: TEXT_COLUMNS.has(key) || key === "age" ? "asc" : "desc", page: 1 };
}

const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });
const exact = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const compare: Record<SortKey, (a: RoomView, b: RoomView) => number> = {
  name: (a, b) => collator.compare(a.name, b.name),
  participants: (a, b) => a.numParticipants - b.numParticipants,
  publishers: (a, b) => a.numPublishers - b.numPublishers,
  // "age" ascending = youngest first.
  age: (a, b) => b.createdAtMs - a.createdAtMs,
  emptyTimeout: (a, b) => a.emptyTimeoutSec - b.emptyTimeoutSec,
  departureTimeout: (a, b) => a.departureTimeoutSec - b.departureTimeoutSec,
  maxParticipants: (a, b) => a.maxParticipants - b.maxParticipants,
  metadata: (a, b) => collator.compare(a.metadata, b.metadata),
  recording: (a, b) => Number(a.activeRecording) - Number(b.activeRecording),
};

/** `rooms` in the table's order. Name breaks ties so rows do not jump between polls. */
export function orderRooms(rooms: RoomView[], s: Pick<TableState, "sort" | "dir">): RoomView[] {
  const cmp = compare[s.sort];
  const sign = s.dir === "asc" ? 1 : -1;
  // First as people read it, then exactly (look-alikes differ only there), then the room's id.
  return rooms
    .slice()
    .sort(
      (a, b) =>
        sign * cmp(a, b) ||
        collator.compare(a.name, b.name) ||
        exact(a.name, b.name) ||
        exact(a.sid, b.sid),
    );
}
