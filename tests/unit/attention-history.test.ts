import { describe, expect, it } from "vitest";
import { historyReasons, reasonText, type AttentionConfig } from "@/lib/rooms/attention";
import type { LiveFact } from "@/lib/history/live-fact";
import type { RoomView } from "@/lib/rooms/view";

const NOW = Date.parse("2026-11-23T12:00:00Z");
const cfg: AttentionConfig = {
  noPublisherSec: 1800,
  maxAgeSec: 86_400,
  graceSec: 30,
  aloneSec: 900,
  neverJoinedSec: 600,
};
const room = (createdAgoSec: number, numParticipants: number): RoomView => ({
  sid: "RM_x",
  name: "x",
  numParticipants,
  numPublishers: 0,
  createdAtMs: NOW - createdAgoSec * 1000,
  emptyTimeoutSec: 3600,
  departureTimeoutSec: 20,
  maxParticipants: 0,
  metadata: "",
  activeRecording: false,
});
const fact = (f: Partial<LiveFact>, startedAgoSec = 3600): LiveFact => ({
  sid: "RM_x",
  present: 0,
  total: 0,
  seenBy: "webhook",
  startedAt: new Date(NOW - startedAgoSec * 1000).toISOString(),
  countSince: null,
  endedAt: null,
  previousEndedAt: null,
  ...f,
});
const codes = (r: RoomView, f: LiveFact | undefined) =>
  historyReasons(r, f, [], cfg, NOW).map((x) => x.code);

describe("reasons only history gives", () => {
  it("one person alone past the limit, only when the live count agrees", () => {
    const since = new Date(NOW - 20 * 60_000).toISOString();
    expect(codes(room(3600, 1), fact({ present: 1, total: 3, countSince: since }))).toEqual([
      "alone",
    ]);
    expect(codes(room(3600, 2), fact({ present: 1, total: 3, countSince: since }))).toEqual([]);
    const recent = new Date(NOW - 5 * 60_000).toISOString();
    expect(codes(room(3600, 1), fact({ present: 1, total: 3, countSince: recent }))).toEqual([]);
  });

  it("nobody ever joined, only when history saw the room open (not just listed)", () => {
    expect(codes(room(3600, 0), fact({}))).toEqual(["never_joined"]);
    expect(codes(room(3600, 0), fact({ seenBy: "listing" }))).toEqual([]);
    expect(codes(room(300, 0), fact({}, 300))).toEqual([]);
    const past = historyReasons(
      room(3600, 0),
      fact({}),
      [{ code: "empty_past_timeout", emptySinceMs: 0, neverOccupied: true, limitSec: 300 }],
      cfg,
      NOW,
    );
    expect(past).toEqual([]);
  });

  it("recreated within 30 s of a room of its name closing, while still young", () => {
    const prev = new Date(NOW - 25_000).toISOString();
    const r = historyReasons(room(10, 0), fact({ previousEndedAt: prev }, 10), [], cfg, NOW);
    expect(r.map((x) => x.code)).toEqual(["recreated"]);
    expect(reasonText(r[0]!, room(10, 0), NOW)).toMatch(
      /^Recreated 15 s after a room of the same name closed/,
    );
    expect(codes(room(600, 0), fact({ previousEndedAt: prev }, 600))).not.toContain("recreated");
    // LiveKit reported this very room closed, yet lists it: reused.
    expect(codes(room(40, 0), fact({ endedAt: new Date(NOW - 5_000).toISOString() }, 40))).toEqual([
      "recreated",
    ]);
  });

  it("claims nothing without history", () => {
    expect(codes(room(99_999, 1), undefined)).toEqual([]);
  });
});
