import { describe, expect, it } from "vitest";
import {
  LIST_ROOMS_MAX_TIMEOUT_SEC,
  REQUEST_TIMEOUT_SEC,
  listRoomsTimeoutSec,
} from "@/lib/livekit/timeout";

describe("the timeout of a ListRooms of every room", () => {
  it("is the 5 s of other calls for a few thousand rooms, or for the first list", () => {
    expect(listRoomsTimeoutSec(0, 0)).toBe(REQUEST_TIMEOUT_SEC);
    expect(listRoomsTimeoutSec(10_000, 0)).toBe(REQUEST_TIMEOUT_SEC);
  });

  it("grows with the last list's size: 0.5 ms a room, 50 s at 100,000", () => {
    expect(listRoomsTimeoutSec(42_825, 0)).toBe(22);
    expect(listRoomsTimeoutSec(100_000, 0)).toBe(50);
  });

  it("doubles after each failed list in a row, up to 60 s", () => {
    expect(listRoomsTimeoutSec(0, 1)).toBe(10);
    expect(listRoomsTimeoutSec(20_000, 1)).toBe(20);
    expect(listRoomsTimeoutSec(0, 2)).toBe(20);
    expect(listRoomsTimeoutSec(0, 3)).toBe(40);
    expect(listRoomsTimeoutSec(0, 9)).toBe(LIST_ROOMS_MAX_TIMEOUT_SEC);
    expect(listRoomsTimeoutSec(100_000, 1)).toBe(LIST_ROOMS_MAX_TIMEOUT_SEC);
  });
});
