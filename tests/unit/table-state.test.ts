import { describe, expect, it } from "vitest";
import type { RoomView } from "@/lib/rooms/view";
import { matchingNames, roomsPage } from "@/lib/rooms/rooms-page";
import {
  DEFAULT_STATE,
  FIRST_PAINT_ROWS,
  firstPaintRows,
  PAGE_SIZE,
  readTableState,
  sortedBy,
  tableStateToQuery,
} from "@/lib/rooms/table-state";

const room = (name: string, p: Partial<RoomView> = {}): RoomView => ({
  sid: `RM_${name}`,
  name,
  numParticipants: 0,
  numPublishers: 0,
  createdAtMs: 0,
  emptyTimeoutSec: 300,
  departureTimeoutSec: 20,
  maxParticipants: 0,
  metadata: "",
  activeRecording: false,
  ...p,
});

describe("URL table state", () => {
  it("round-trips through the query string and keeps default links short", () => {
    const s = { q: "stand up", sort: "participants" as const, dir: "desc" as const, page: 2 };
    const q = tableStateToQuery(s);
    expect(q).toBe("?q=stand+up&sort=participants&dir=desc&page=2");
    expect(readTableState(new URLSearchParams(q))).toEqual(s);
    expect(tableStateToQuery(DEFAULT_STATE)).toBe("");
  });

  it("a header click turns its column around, or starts another in its natural order, on page 1", () => {
    const on3 = { ...DEFAULT_STATE, q: "x", page: 3 };
    expect(sortedBy(on3, "age")).toEqual({ q: "x", sort: "age", dir: "desc", page: 1 });
    expect(sortedBy(on3, "name")).toEqual({ q: "x", sort: "name", dir: "asc", page: 1 });
    expect(sortedBy(on3, "metadata").dir).toBe("asc");
    expect(sortedBy(on3, "participants")).toEqual({
      q: "x",
      sort: "participants",
      dir: "desc",
      page: 1,
    });
    expect(sortedBy(sortedBy(on3, "participants"), "participants").dir).toBe("asc");
  });

  it("ignores junk in the URL", () => {
    expect(readTableState(new URLSearchParams("sort=evil&dir=up&page=-3"))).toEqual(DEFAULT_STATE);
  });
});

describe("the server's rooms page", () => {
  const rooms = [
    room("b-room", { numParticipants: 5, createdAtMs: 2 }),
    room("a-room", { numParticipants: 5, createdAtMs: 1 }),
    room("room-10", { numParticipants: 1, createdAtMs: 3 }),
    room("room-9", { numParticipants: 9, createdAtMs: 4 }),
  ];
  const names = (s: Partial<typeof DEFAULT_STATE>) =>
    roomsPage(rooms, { ...DEFAULT_STATE, ...s }).rows.map((r) => r.name);

  it("shows the newest first by default", () => {
    expect(names({})).toEqual(["room-9", "room-10", "b-room", "a-room"]);
  });
  it("sorts names naturally and breaks ties by name", () => {
    expect(names({ sort: "name", dir: "asc" })).toEqual(["a-room", "b-room", "room-9", "room-10"]);
    expect(names({ sort: "participants", dir: "desc" })).toEqual([
      "room-9",
      "a-room",
      "b-room",
      "room-10",
    ]);
  });
  it("searches by name, case-insensitively", () => {
    expect(names({ q: "ROOM-1" })).toEqual(["room-10"]);
  });
  it("pages large lists and clamps a page past the end", () => {
    const many = Array.from({ length: 1000 }, (_, i) => room(`r${i}`));
    const v = roomsPage(many, { ...DEFAULT_STATE, sort: "name", page: 99 });
    expect(v).toMatchObject({ total: 1000, matching: 1000, page: 10, pageCount: 10 });
    expect(v.rows).toHaveLength(PAGE_SIZE);
  });
  it("counts matches against the total, and lists every matching name in table order", () => {
    const v = roomsPage(rooms, { ...DEFAULT_STATE, q: "room-" });
    expect(v).toMatchObject({ total: 4, matching: 2, pageCount: 1 });
    expect(matchingNames(rooms, { ...DEFAULT_STATE, q: "ROOM-", sort: "name" })).toEqual([
      "room-9",
      "room-10",
    ]);
  });
});

describe("searches remembered per snapshot", () => {
  // Names that share pieces, so searches often extend, contain or cross each other.
  const parts = ["a", "b", "ab", "-", "1", "Ä", "ß", " "];
  const many = Array.from({ length: 400 }, (_, i) =>
    room(
      Array.from({ length: 1 + (i % 5) }, (_, j) => parts[(i * 7 + j * 3) % parts.length]).join(
        "",
      ) + `-${i % 13}`,
      { numParticipants: i % 4, createdAtMs: i },
    ),
  );
  const plain = (s: typeof DEFAULT_STATE) => {
    const needle = s.q.trim().toLocaleLowerCase();
    return matchingNames(
      many.filter((r) => r.name.toLocaleLowerCase().includes(needle)),
      { ...s, q: "" },
    );
  };

  it("answer as a fresh filter would, whatever came before (typing, deleting, other sorts)", () => {
    const typed = ["a", "ab", "ab-", "ab-1", "ab-", "b-1", "b", "-1", "ä", "äß", "ss", " a", ""];
    for (const sort of ["age", "name", "participants"] as const)
      for (const dir of ["asc", "desc"] as const)
        for (const q of [...typed, ...typed.reverse()]) {
          const s = { ...DEFAULT_STATE, q, sort, dir };
          expect(matchingNames(many, s), `${sort} ${dir} "${q}"`).toEqual(plain(s));
          expect(roomsPage(many, s).matching).toBe(plain(s).length);
        }
  });
});

describe("rows in the first HTML, for the window the browser says it has", () => {
  it("what the window shows, with a margin (first row 243-396 px down, rows 49 px)", () => {
    // Measured in Chromium: 1280 x 720 shows 10 rows, 1920 x 1080 17, 1024 x 1366 22.
    expect(firstPaintRows("720")).toBe(14);
    expect(firstPaintRows("1080")).toBe(22);
    expect(firstPaintRows("1366")).toBe(28);
    for (const h of [300, 720, 844, 1080, 1366, 1600])
      expect(firstPaintRows(String(h))).toBeGreaterThanOrEqual(Math.ceil((h - 243) / 49) + 1);
  });

  it("never fewer than a screenful, never more than without a hint", () => {
    expect(firstPaintRows("1")).toBe(12);
    expect(firstPaintRows("5000")).toBe(FIRST_PAINT_ROWS);
  });

  it("no hint, or one that is not a height: the generous default", () => {
    for (const h of [null, undefined, "", "abc", "-5", "0", "Infinity"])
      expect(firstPaintRows(h)).toBe(FIRST_PAINT_ROWS);
  });
});
