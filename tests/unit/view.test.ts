import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { Room } from "livekit-server-sdk";
import { METADATA_PREVIEW_CHARS, toRoomView } from "@/lib/rooms/view";

const upstream = new Room({
  sid: "RM_1",
  name: "standup",
  emptyTimeout: 600,
  departureTimeout: 20,
  maxParticipants: 20,
  creationTime: BigInt(1_700_000_000),
  creationTimeMs: BigInt(1_700_000_000_123),
  turnPassword: "very-secret-turn-password",
  metadata: "m".repeat(1000),
  numParticipants: 3,
  numPublishers: 1,
  activeRecording: true,
});

describe("toRoomView", () => {
  it("maps a LiveKit Room to plain JSON without turn_password or bigint", () => {
    const view = toRoomView(upstream);
    expect(view).toEqual({
      sid: "RM_1",
      name: "standup",
      numParticipants: 3,
      numPublishers: 1,
      createdAtMs: 1_700_000_000_123,
      emptyTimeoutSec: 600,
      departureTimeoutSec: 20,
      maxParticipants: 20,
      metadata: "m".repeat(METADATA_PREVIEW_CHARS),
      activeRecording: true,
    });
    const json = JSON.stringify(view);
    expect(json).not.toContain("very-secret-turn-password");
    expect(Object.values(view).some((v) => typeof v === "bigint")).toBe(false);
  });

  it("falls back to creationTime in seconds when the server has no millisecond time", () => {
    const old = new Room({ ...upstream, creationTimeMs: BigInt(0) });
    expect(toRoomView(old).createdAtMs).toBe(1_700_000_000_000);
  });

  it("can carry the full metadata when asked", () => {
    expect(toRoomView(upstream, { fullMetadata: true }).metadata).toHaveLength(1000);
  });
});

describe("toRoomView from its source (as the room-list worker thread runs it)", () => {
  it("stands alone and maps exactly as the module's function does", () => {
    // Evaluated in a context of its own: a reference to anything outside it would throw here.
    const standalone = runInNewContext(`(${String(toRoomView)})`) as typeof toRoomView;
    expect(standalone(upstream)).toEqual(toRoomView(upstream));
    expect(standalone(upstream).metadata).toHaveLength(METADATA_PREVIEW_CHARS);
    const old = new Room({ ...upstream, creationTimeMs: BigInt(0) });
    expect(standalone(old)).toEqual(toRoomView(old));
  });
});
