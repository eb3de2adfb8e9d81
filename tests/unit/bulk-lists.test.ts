import { describe, expect, it } from "vitest";
import type { RoomServiceClient } from "livekit-server-sdk";
import { deleteOne } from "@/lib/rooms/bulk/delete-one";
import { listedEmpty, provenEmpty } from "@/lib/rooms/bulk/proven-empty";
import { FRESH_MS, FreshLists } from "@/lib/rooms/bulk/read-ahead";
import { listByName, roomsHeldBy, wholeListCheaper } from "@/lib/rooms/bulk/list-by-name";
import type { RoomView } from "@/lib/rooms/view";
import type { Snapshot } from "@/lib/live/shared-poll";

type FakeRoom = { name: string; numParticipants?: number; numPublishers?: number };

/** A small stand-in for RoomServiceClient: the rooms it holds, and every call made to it. */
function fakeLiveKit(rooms: FakeRoom[], participants: Record<string, number> = {}) {
  const calls: string[] = [];
  /** The first room each list by name asked for. */
  const firsts: string[] = [];
  let failLists = false;
  const rs = {
    listRooms: async (names?: string[]) => {
      calls.push(`ListRooms ${names?.length ?? "all"}`);
      if (names) firsts.push(names[0]!);
      if (failLists) throw new Error("connect ECONNREFUSED");
      return rooms
        .filter((r) => !names || names.includes(r.name))
        .map((r) => ({
          sid: `RM_${r.name}`,
          name: r.name,
          numParticipants: r.numParticipants ?? 0,
          numPublishers: r.numPublishers ?? 0,
          activeRecording: false,
          creationTime: BigInt(0),
          creationTimeMs: BigInt(0),
          emptyTimeout: 0,
          departureTimeout: 0,
          maxParticipants: 0,
          metadata: "",
        }));
    },
    listParticipants: async (name: string) => {
      calls.push(`ListParticipants ${name}`);
      return Array.from({ length: participants[name] ?? 0 }, (_, i) => ({ identity: `p${i}` }));
    },
    deleteRoom: async (name: string) => {
      calls.push(`DeleteRoom ${name}`);
    },
  };
  return {
    rs: rs as unknown as RoomServiceClient,
    calls,
    firsts,
    failLists: () => (failLists = true),
  };
}

/** History's word: every room listed in `present` with its count; the others unknown. */
const presenceOf = (present: Record<string, number>) => async (sids: string[]) =>
  new Map(sids.filter((sid) => sid in present).map((sid) => [sid, present[sid]!]));

const view = (name: string, extra: Partial<RoomView> = {}): RoomView => ({
  sid: `RM_${name}`,
  name,
  numParticipants: 0,
  numPublishers: 0,
  createdAtMs: 0,
  emptyTimeoutSec: 0,
  departureTimeoutSec: 0,
  maxParticipants: 0,
  metadata: "",
  activeRecording: false,
  ...extra,
});

describe("a room is proven empty only when nobody could be in it", () => {
  it("participants, publishers (agents that speak) or a recording in LiveKit's list each rule it out", () => {
    expect(listedEmpty(view("a"))).toBe(true);
    expect(listedEmpty(view("a", { numParticipants: 1 }))).toBe(false);
    // LiveKit leaves agents out of numParticipants; an agent that speaks is a publisher.
    expect(listedEmpty(view("a", { numPublishers: 1 }))).toBe(false);
    expect(listedEmpty(view("a", { activeRecording: true }))).toBe(false);
  });

  it("and history must agree: a silent agent (webhooks say 1) or a room history never followed is not proven", async () => {
    const rooms = [
      view("quiet"),
      view("agent"),
      view("unfollowed"),
      view("busy", { numParticipants: 2 }),
    ];
    const presence = presenceOf({ RM_quiet: 0, RM_agent: 1, RM_busy: 0 });
    expect(await provenEmpty(rooms, presence)).toEqual(new Set(["quiet"]));
    // Without webhooks nothing is proven.
    expect(await provenEmpty(rooms, undefined)).toEqual(new Set());
    // History failing proves nothing either.
    const failing = async () => Promise.reject(new Error("database down"));
    expect(await provenEmpty(rooms, failing)).toEqual(new Set());
  });
});

describe("deleteOne with a fresh list", () => {
  const describeError = (e: unknown) => String(e);
  it("a room proven empty is deleted without listing its participants", async () => {
    const lk = fakeLiveKit([{ name: "a" }]);
    expect(await deleteOne(lk.rs, "a", describeError, "empty")).toEqual({
      name: "a",
      status: "deleted",
      disconnected: 0,
    });
    expect(lk.calls).toEqual(["DeleteRoom a"]);
  });

  it("any other room is counted live", async () => {
    const lk = fakeLiveKit([{ name: "a" }], { a: 2 });
    expect((await deleteOne(lk.rs, "a", describeError, "count")).disconnected).toBe(2);
    expect((await deleteOne(lk.rs, "a", describeError)).disconnected).toBe(2);
    expect(lk.calls).toEqual([
      "ListParticipants a",
      "DeleteRoom a",
      "ListParticipants a",
      "DeleteRoom a",
    ]);
  });

  it("a room the fresh list does not hold is already closed, and nothing is deleted", async () => {
    const lk = fakeLiveKit([]);
    expect(await deleteOne(lk.rs, "gone", describeError, "gone")).toEqual({
      name: "gone",
      status: "already_closed",
      disconnected: 0,
    });
    expect(lk.calls).toEqual([]);
  });
});

describe("FreshLists", () => {
  const names = Array.from({ length: 250 }, (_, i) => `room-${i}`);
  const allQuiet = presenceOf(Object.fromEntries(names.map((n) => [`RM_${n}`, 0])));

  it("reads ahead by name, one list per 100 rooms; says which rooms are gone, empty or to count", async () => {
    const lk = fakeLiveKit(
      names
        .filter((n) => n !== "room-7")
        .map((name) => ({ name, numParticipants: name === "room-9" ? 1 : 0 })),
    );
    const lists = new FreshLists(lk.rs, names, allQuiet);
    const got = await Promise.all(names.map((_, i) => lists.get(i)));
    expect(got[0]).toBe("empty");
    expect(got[7]).toBe("gone");
    expect(got[9]).toBe("count");
    expect(got[249]).toBe("empty");
    expect(lk.calls).toEqual(["ListRooms 100", "ListRooms 100", "ListRooms 50"]);
  });

  it("reads the next list while the rooms before it are deleted, so deletes do not wait for it", async () => {
    const lk = fakeLiveKit(names.map((name) => ({ name })));
    const lists = new FreshLists(lk.rs, names, allQuiet);
    for (let i = 0; i < 50; i++) expect(await lists.get(i)).toBe("empty");
    expect(lk.calls).toEqual(["ListRooms 100"]);
    // Halfway: the next hundred are asked for now, before any of them is reached.
    await lists.get(50);
    expect(lk.calls).toEqual(["ListRooms 100", "ListRooms 100"]);
    for (let i = 51; i < 250; i++) expect(await lists.get(i)).toBe("empty");
    expect(lk.calls).toEqual(["ListRooms 100", "ListRooms 100", "ListRooms 50"]);
  });

  it("reads ahead into rooms added later (a bulk delete's next batch)", async () => {
    const lk = fakeLiveKit(names.map((name) => ({ name })));
    const lists = new FreshLists(lk.rs, names.slice(0, 100), allQuiet);
    for (let i = 0; i <= 60; i++) await lists.get(i);
    // Nothing after these rooms yet: nothing to read ahead.
    expect(lk.calls).toEqual(["ListRooms 100"]);
    expect(lists.extend(names.slice(100, 250))).toBe(100);
    await lists.get(61);
    expect(lk.calls).toEqual(["ListRooms 100", "ListRooms 100"]);
    for (let i = 62; i < 250; i++) expect(await lists.get(i)).toBe("empty");
    expect(lk.calls).toEqual(["ListRooms 100", "ListRooms 100", "ListRooms 50"]);
  });

  it("a list read ahead that is too old when reached is read again", async () => {
    let now = 0;
    const lk = fakeLiveKit(names.map((name) => ({ name })));
    const lists = new FreshLists(lk.rs, names, allQuiet, () => now);
    for (let i = 0; i <= 50; i++) await lists.get(i);
    expect(lk.calls).toEqual(["ListRooms 100", "ListRooms 100"]);
    now = FRESH_MS + 1;
    expect(await lists.get(100)).toBe("empty");
    expect(lk.calls).toEqual(["ListRooms 100", "ListRooms 100", "ListRooms 100"]);
  });

  it("never answers from a list older than FRESH_MS: it reads again", async () => {
    let now = 0;
    const lk = fakeLiveKit(names.map((name) => ({ name })));
    const lists = new FreshLists(lk.rs, names, allQuiet, () => now);
    await lists.get(0);
    now = FRESH_MS;
    await lists.get(1);
    expect(lk.calls).toEqual(["ListRooms 100"]);
    now = FRESH_MS + 1;
    expect(await lists.get(2)).toBe("empty");
    expect(lk.calls).toEqual(["ListRooms 100", "ListRooms 100"]);
  });

  it("a list still in use is kept while later ones are read: one list per 100 rooms, not a cascade", async () => {
    // Seen at 10,000 rooms: a list read again (too old) beside the one read ahead of it, and
    // only the newest two kept, dropped a list rooms were still taken from; each such room
    // read a list of its own from there, and those dropped the next: 337 lists for 100.
    const more = Array.from({ length: 400 }, (_, i) => `room-${i}`);
    const quiet = presenceOf(Object.fromEntries(more.map((n) => [`RM_${n}`, 0])));
    let now = 0;
    const lk = fakeLiveKit(more.map((name) => ({ name })));
    const lists = new FreshLists(lk.rs, more, quiet, () => now);
    const got: string[] = [];
    for (let i = 0; i < 400; i++) {
      // Rooms 100–199 were read ahead at 0; 200–299 at 600; at 1,001 the first is too old.
      if (i === 150) now = 600;
      if (i === 180) now = FRESH_MS + 1;
      got.push(await lists.get(i));
    }
    expect(got.every((g) => g === "empty")).toBe(true);
    // 180–279 read again (100–199 too old), and 200–299 still fresh: nothing else is read
    // until 300.
    expect(lk.firsts).toEqual(["room-0", "room-100", "room-200", "room-180", "room-300"]);
  });

  it("a room held by two fresh lists takes the newer one's word", async () => {
    const more = Array.from({ length: 400 }, (_, i) => `room-${i}`);
    const quiet = presenceOf(Object.fromEntries(more.map((n) => [`RM_${n}`, 0])));
    const rooms = more.map((name) => ({ name, numParticipants: 0 }));
    let now = 0;
    const lk = fakeLiveKit(rooms);
    const lists = new FreshLists(lk.rs, more, quiet, () => now);
    for (let i = 0; i < 250; i++) {
      // 200–299 read ahead at 600; at 1,001 100–199 is too old and 180–279 is read again,
      // after someone joined room-250: both lists hold it, and both are fresh.
      if (i === 150) now = 600;
      if (i === 180) {
        now = FRESH_MS + 1;
        rooms[250]!.numParticipants = 1;
      }
      expect(await lists.get(i)).toBe("empty");
    }
    expect(lk.firsts).toEqual(["room-0", "room-100", "room-200", "room-180"]);
    expect(await lists.get(250)).toBe("count");
  });

  it("a list that fails means count live, read once per window, not once per room", async () => {
    const lk = fakeLiveKit(names.map((name) => ({ name })));
    lk.failLists();
    const lists = new FreshLists(lk.rs, names, allQuiet);
    const got = await Promise.all(names.slice(0, 100).map((_, i) => lists.get(i)));
    expect(got.every((g) => g === "count")).toBe(true);
    expect(lk.calls).toEqual(["ListRooms 100"]);
  });
});

describe("listByName: lists by name, or one whole list when the names are most of the rooms", () => {
  const rooms = Array.from({ length: 2_000 }, (_, i) => ({ name: `r-${i}` }));
  const names = (n: number) => Array.from({ length: n }, (_, i) => `r-${i}`);

  it("1,000 of 2,000 rooms: one whole ListRooms (lists by name cost LiveKit rooms × names)", async () => {
    const lk = fakeLiveKit(rooms);
    const got = await listByName(lk.rs, [...names(1_000), "gone"], 2_000);
    expect(lk.calls).toEqual(["ListRooms all"]);
    expect(got.size).toBe(1_000);
    expect(got.has("r-999") && !got.has("r-1000") && !got.has("gone")).toBe(true);
  });

  it("a few rooms, a small share of many, or an unknown count: by name, 500 names a list", async () => {
    for (const [asked, held] of [
      [400, 400],
      [1_200, 10_000],
      [1_200, undefined],
    ] as const) {
      const lk = fakeLiveKit(rooms);
      const got = await listByName(lk.rs, names(asked), held);
      expect(lk.calls.every((c) => c !== "ListRooms all")).toBe(true);
      expect(lk.calls).toHaveLength(Math.ceil(asked / 500));
      expect(got.size).toBe(asked);
    }
  });

  it("a whole list that fails is followed by lists by name", async () => {
    const lk = fakeLiveKit(rooms);
    const listRooms = lk.rs.listRooms.bind(lk.rs);
    lk.rs.listRooms = async (names?: string[]) => {
      if (!names) throw new Error("timed out");
      return listRooms(names);
    };
    const got = await listByName(lk.rs, names(1_000), 2_000);
    expect(got.size).toBe(1_000);
    expect(lk.calls).toEqual(["ListRooms 500", "ListRooms 500"]);
  });

  it("the room count is taken only from a current list: read in the last two intervals, not failed since", () => {
    const list = rooms.map((r) => view(r.name));
    const snap: Snapshot<RoomView[]> = {
      value: list,
      version: 1,
      error: undefined,
      fetchedAtMs: 10_000,
      lastReadMs: 1,
      backedOffToMs: undefined,
      slowReadMs: undefined,
    };
    const at = (s: Partial<Snapshot<RoomView[]>>, now: number) =>
      roomsHeldBy({ ...snap, ...s }, now);
    expect(at({}, 13_000)).toBe(2_000);
    expect(at({}, 14_001)).toBeUndefined();
    expect(at({ error: new Error("refused") }, 10_500)).toBeUndefined();
    expect(at({ fetchedAtMs: undefined, value: undefined }, 10_500)).toBeUndefined();
  });

  it("the rule: more than one list's worth of names, and at least a quarter of the rooms held", () => {
    expect(wholeListCheaper(2_500, 10_000)).toBe(true);
    expect(wholeListCheaper(2_499, 10_000)).toBe(false);
    expect(wholeListCheaper(500, 500)).toBe(false);
    expect(wholeListCheaper(10_000, undefined)).toBe(false);
  });
});
