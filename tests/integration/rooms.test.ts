import { afterAll, describe, expect, it } from "vitest";
import { dispose } from "@livekit/rtc-node";
import { createRoom, deleteRoom, getDeleteImpact } from "@/app/p/[project]/rooms/actions";
import { EXAMPLE_ROOM } from "@/lib/rooms/seed";
import { joinParticipant } from "../support/participant";
import { PORTS } from "../support/ports";
import { sdk, uniqueRoom } from "../support/sdk";

const lk = sdk();
const wsUrl = `ws://127.0.0.1:${PORTS.integration}`;

afterAll(async () => {
  await dispose();
});

async function roomOnServer(name: string) {
  const [room] = await lk.listRooms([name]);
  return room;
}

describe("create", () => {
  it("creates the seed's example room with its limits, as LiveKit reports them", async () => {
    await lk.deleteRoom(EXAMPLE_ROOM.name).catch(() => undefined);
    const result = await createRoom({ project: "default", ...EXAMPLE_ROOM });
    expect(result).toMatchObject({
      ok: true,
      data: { name: EXAMPLE_ROOM.name, emptyTimeoutSec: 600, maxParticipants: 20 },
    });
    const room = await roomOnServer(EXAMPLE_ROOM.name);
    expect(room?.emptyTimeout).toBe(600);
    expect(room?.maxParticipants).toBe(20);
    expect(room?.metadata).toBe(EXAMPLE_ROOM.metadata);
  });

  it("refuses a second room of the same name and leaves the first unchanged", async () => {
    const name = uniqueRoom("dup");
    expect(
      (
        await createRoom({
          project: "default",
          name,
          emptyTimeout: 600,
          maxParticipants: 20,
          metadata: "first",
        })
      ).ok,
    ).toBe(true);
    const second = await createRoom({
      project: "default",
      name,
      emptyTimeout: 5,
      maxParticipants: 1,
      metadata: "second",
    });
    expect(second).toEqual({
      ok: false,
      error: {
        code: "already_exists",
        message: `A room named "${name}" already exists.`,
        fieldErrors: { name: [`A room named "${name}" already exists`] },
      },
    });
    const room = await roomOnServer(name);
    expect({ e: room?.emptyTimeout, m: room?.maxParticipants, md: room?.metadata }).toEqual({
      e: 600,
      m: 20,
      md: "first",
    });
  });

  it("validates on the server: bad input names the field and LiveKit is untouched", async () => {
    const name = uniqueRoom("bad");
    const result = await createRoom({
      project: "default",
      name,
      emptyTimeout: -1,
      maxParticipants: 4_294_967_296,
      minPlayoutDelay: 500,
      maxPlayoutDelay: 100,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("invalid_input");
    expect(result.error.fieldErrors).toEqual({
      emptyTimeout: ["Empty timeout must not be negative"],
      maxParticipants: ["Max participants must be at most 4294967295"],
      maxPlayoutDelay: ["Max playout delay must not be below the min"],
    });
    expect(await roomOnServer(name)).toBeUndefined();
  });

  it("never returns turn_password or bigint fields to the browser", async () => {
    const name = uniqueRoom("view");
    const result = await createRoom({ project: "default", name });
    const raw = await roomOnServer(name);
    expect(raw?.turnPassword).toBeTruthy();
    const json = JSON.stringify(result);
    expect(json).not.toContain(raw!.turnPassword);
    expect(json.toLowerCase()).not.toContain("turn");
  });
});

describe("delete", () => {
  it("deletes an empty room; it is gone from LiveKit", async () => {
    const name = uniqueRoom("del");
    await lk.createRoom({ name });
    expect(await getDeleteImpact({ project: "default", name })).toEqual({
      ok: true,
      data: { exists: true, participants: 0, sampleIdentities: [], activeRecording: false },
    });
    expect(await deleteRoom({ project: "default", name, confirmedParticipants: 0 })).toEqual({
      ok: true,
      data: { status: "deleted", disconnected: 0 },
    });
    expect(await roomOnServer(name)).toBeUndefined();
  });

  it("reports an unknown room as already closed, not a failure", async () => {
    const name = uniqueRoom("gone");
    expect(await getDeleteImpact({ project: "default", name })).toEqual({
      ok: true,
      data: { exists: false },
    });
    expect(await deleteRoom({ project: "default", name, confirmedParticipants: 0 })).toEqual({
      ok: true,
      data: { status: "already_closed" },
    });
  });

  it("with a participant inside: counts it, refuses a stale confirmation, then disconnects it (ROOM_DELETED)", async () => {
    const name = uniqueRoom("busy");
    await lk.createRoom({ name });
    const alice = await joinParticipant(wsUrl, name, "alice");
    try {
      expect(await getDeleteImpact({ project: "default", name })).toMatchObject({
        ok: true,
        data: { exists: true, participants: 1, sampleIdentities: ["alice"] },
      });

      // The operator was told "no one is in this room": the server must not disconnect alice.
      const stale = await deleteRoom({ project: "default", name, confirmedParticipants: 0 });
      expect(stale).toMatchObject({ ok: false, error: { code: "impact_changed" } });
      const untyped = await deleteRoom({
        project: "default",
        name,
        confirmedParticipants: 1,
        typedName: "wrong",
      });
      expect(untyped).toMatchObject({
        ok: false,
        error: { code: "invalid_input", fieldErrors: { typedName: expect.any(Array) } },
      });
      expect(await roomOnServer(name)).toBeDefined();

      expect(
        await deleteRoom({ project: "default", name, confirmedParticipants: 1, typedName: name }),
      ).toEqual({
        ok: true,
        data: { status: "deleted", disconnected: 1 },
      });
      const { DisconnectReason } = await import("@livekit/rtc-node");
      expect(await alice.disconnected).toBe(DisconnectReason.ROOM_DELETED);
      expect(await roomOnServer(name)).toBeUndefined();
    } finally {
      await alice.leave();
    }
  });
});
