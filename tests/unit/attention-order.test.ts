import { describe, expect, it } from "vitest";
import { orderAttention, reasonText, type AttentionRoom, type Reason } from "@/lib/rooms/attention";
import { DEFAULT_STATE, orderRooms } from "@/lib/rooms/table-state";
import type { RoomView } from "@/lib/rooms/view";

const room = (name: string, createdAtMs: number, reasons: Reason[] = []): AttentionRoom =>
  ({ name, sid: `RM_${name}`, createdAtMs, participants: 0, reasons }) as unknown as AttentionRoom;

describe("needs attention order", () => {
  it("puts the worst reason first, then the oldest, then by name; searches by name", () => {
    const old = { code: "too_old", limitSec: 60 } as const;
    const ghost = { code: "ghost", why: "no node answers" } as const;
    const rooms = [
      room("b-old", 1_000, [old]),
      room("a-old", 1_000, [old]),
      room("older", 500, [old]),
      room("ghost", 9_000, [ghost]),
    ];
    expect(orderAttention(rooms, "", "").map((r) => r.name)).toEqual([
      "ghost",
      "older",
      "a-old",
      "b-old",
    ]);
    expect(orderAttention(rooms, "OLD", "too_old").map((r) => r.name)).toEqual([
      "older",
      "a-old",
      "b-old",
    ]);
  });

  it("words a reason with the clock the page shows ages with", () => {
    const r = room("x", 0, []);
    expect(reasonText({ code: "too_old", limitSec: 30 }, r, 58_400)).toBe(
      "Open for 58 s, longer than 30 s.",
    );
  });
});

describe("rooms table order", () => {
  it("breaks ties by name, exactly, so look-alikes keep their places between polls", () => {
    const rooms = ["b", "a", "A", " a"].map(
      (name, i) => ({ name, sid: `RM_${i}`, createdAtMs: 1, numParticipants: 0 }) as RoomView,
    );
    const once = orderRooms(rooms, { ...DEFAULT_STATE, sort: "participants" });
    const again = orderRooms([...rooms].reverse(), { ...DEFAULT_STATE, sort: "participants" });
    expect(once.map((r) => r.name)).toEqual(again.map((r) => r.name));
  });
});
