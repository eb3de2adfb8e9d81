import { describe, expect, it } from "vitest";
import { createRoomSchema, roomNameSchema } from "@/lib/rooms/schema";
import { newNameProblem, visibleName } from "@/lib/rooms/room-name";
import { inProject, roomFromPath, roomHref } from "@/lib/http/room-path";

const errorsOf = (input: Record<string, unknown>) => {
  const r = createRoomSchema.safeParse({ name: "ok", ...input });
  return r.success ? undefined : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

// Names LiveKit accepts and other clients make: every path must carry them unchanged.
const ODD_BUT_FINE = ["sp ace", "🎉 party", "مرحبا", "a/b", "q?x=1", "hash#1", "per%cent"];

describe("new room names", () => {
  it("refuses look-alikes, naming the rule", () => {
    expect(newNameProblem(" lead")).toMatch(/start or end with a space/);
    expect(newNameProblem("trail ")).toMatch(/start or end with a space/);
    expect(newNameProblem("\u200B")).toMatch(/blank/);
    expect(newNameProblem("\u202Eevil\u202C")).toMatch(/U\+202E \(right-to-left override\)/);
    expect(newNameProblem("tab\there")).toMatch(/U\+0009/);
    expect(newNameProblem("a\u2028b")).toMatch(/U\+2028/);
  });

  it("accepts ordinary names in any script, emoji sequences included", () => {
    for (const n of [...ODD_BUT_FINE, "👩‍💻 dev", "日本語"])
      expect(newNameProblem(n), n).toBeUndefined();
  });

  it("still lets existing odd names through for reading and deleting", () => {
    for (const n of [" lead", "\u200B", "\u202Eevil\u202C"])
      expect(roomNameSchema.safeParse(n).success).toBe(true);
  });

  it("makes invisible characters visible, and leaves ordinary names alone", () => {
    expect(visibleName("\u202Eevil\u202C")).toBe("⟨U+202E⟩evil⟨U+202C⟩");
    expect(visibleName(" lead")).toBe("⟨U+0020⟩lead");
    expect(visibleName("👩‍💻 dev")).toBe("👩‍💻 dev");
    expect(visibleName("sp ace")).toBe("sp ace");
  });
});

describe("numbers", () => {
  it("accepts plain decimal integers only, with a field error naming the field", () => {
    expect(errorsOf({ emptyTimeout: "300", maxParticipants: "7" })).toBeUndefined();
    for (const v of ["0x10", "1e3", "1.5", "+5", "５", "Infinity", "10 0"])
      expect(errorsOf({ emptyTimeout: v }), v).toEqual([
        "emptyTimeout: Empty timeout must be a whole number written with digits 0–9",
      ]);
    expect(errorsOf({ minPlayoutDelay: "-1" })).toEqual([
      "minPlayoutDelay: Min playout delay must not be negative",
    ]);
    expect(errorsOf({ maxParticipants: "4294967296" })).toEqual([
      "maxParticipants: Max participants must be at most 4294967295",
    ]);
  });
});

describe("room paths", () => {
  it("encode once and decode once, for every name", () => {
    for (const n of [...ODD_BUT_FINE, "../x", "%41"]) {
      const href = roomHref("default", n);
      expect(roomFromPath(href), n).toBe(n);
      expect(roomFromPath(`/api${href}`), n).toBe(n);
    }
  });
});

describe("the same page in another project", () => {
  it.each([
    ["/p/main", "/p/second"],
    ["/p/main/rooms", "/p/second/rooms"],
    ["/p/main/rooms/a%20b%2Fc", "/p/second/rooms"],
    ["/p/main/history/RM_abc", "/p/second/history"],
    ["/p/main/attention", "/p/second/attention"],
    ["/", "/p/second"],
  ])("%s → %s", (from, to) => {
    expect(inProject(from, "second")).toBe(to);
  });
});
