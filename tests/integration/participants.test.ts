import { afterAll, afterEach, describe, expect, it } from "vitest";
import { DisconnectReason, dispose, RoomEvent } from "@livekit/rtc-node";
import {
  muteTrack,
  removeParticipant,
  sendData,
  updateParticipant,
  updateRoomMetadata,
} from "@/app/p/[project]/rooms/[room]/actions";
import { apiGet } from "../support/api";
import { roomHref } from "@/lib/http/room-path";
import type { ActionResult } from "@/lib/procedures/result";
import type { RoomDetail } from "@/lib/rooms/participants";
import {
  eventually,
  joinParticipant,
  nextEvent,
  type TestParticipant,
} from "../support/participant";
import { PORTS } from "../support/ports";
import { sdk, uniqueRoom } from "../support/sdk";

const wsUrl = `ws://127.0.0.1:${PORTS.integration}`;
const lk = sdk();
const project = "default";
let joined: TestParticipant[] = [];

afterEach(async () => {
  await Promise.all(joined.map((p) => p.leave().catch(() => undefined)));
  joined = [];
});
afterAll(async () => {
  await dispose();
});

async function roomWith(...people: { identity: string; publishAudio?: boolean; kind?: string }[]) {
  const room = uniqueRoom("ctl");
  await lk.createRoom({ name: room });
  const ps = [];
  for (const p of people) ps.push(await joinParticipant(wsUrl, room, p.identity, p));
  joined.push(...ps);
  return { room, ps };
}

async function detail(room: string) {
  // The route reads the room from its own path, decoded once.
  return (await apiGet<ActionResult<RoomDetail>>(`/api${roomHref(project, room)}`)).body;
}

describe("room page data", () => {
  it("lists participants with kind, state and their published tracks", async () => {
    const { room } = await roomWith(
      { identity: "alice", publishAudio: true },
      { identity: "helper-bot", kind: "agent" },
    );
    const d = await detail(room);
    expect(d.ok && d.data.exists).toBe(true);
    if (!d.ok || !d.data.exists) return;
    const alice = d.data.participants.find((p) => p.identity === "alice")!;
    expect(alice).toMatchObject({
      kind: "standard",
      state: "active",
      permission: { canPublish: true, canSubscribe: true },
    });
    expect(alice.tracks).toEqual([
      expect.objectContaining({ kind: "audio", source: "microphone", muted: false }),
    ]);
    expect(d.data.participants.find((p) => p.identity === "helper-bot")?.kind).toBe("agent");
    expect(JSON.stringify(d)).not.toMatch(/turn/i);
  });

  it("says a room that does not exist is closed", async () => {
    expect(await detail(uniqueRoom("none"))).toEqual({ ok: true, data: { exists: false } });
  });
});

describe("controls, observed by the real participant", () => {
  it("mute and unmute a published track", async () => {
    const { room, ps } = await roomWith({ identity: "alice", publishAudio: true });
    const alice = ps[0]!;
    const sid = alice.audio!.sid!;
    const muted = nextEvent(alice.room, RoomEvent.TrackMuted);
    expect(
      await muteTrack({ project, room, identity: "alice", trackSid: sid, muted: true }),
    ).toMatchObject({ ok: true, data: { requested: "mute", track: { muted: true } } });
    await muted;
    expect(alice.audio!.muted).toBe(true);
    const unmuted = nextEvent(alice.room, RoomEvent.TrackUnmuted);
    expect(
      await muteTrack({ project, room, identity: "alice", trackSid: sid, muted: false }),
    ).toMatchObject({ ok: true, data: { requested: "unmute" } });
    await unmuted;
    expect(alice.audio!.muted).toBe(false);
  });

  it("update name, metadata and permissions; fields the form does not show are kept", async () => {
    const { room, ps } = await roomWith({ identity: "alice", publishAudio: true });
    const alice = ps[0]!;
    const metadataSeen = nextEvent<[string, { identity: string }]>(
      alice.room,
      RoomEvent.ParticipantMetadataChanged,
    );
    const result = await updateParticipant({
      project,
      room,
      identity: "alice",
      name: "Alice (moderated)",
      metadata: '{"role":"guest"}',
      canPublish: false,
      canSubscribe: true,
      canPublishData: false,
      hidden: false,
    });
    expect(result).toMatchObject({
      ok: true,
      data: { name: "Alice (moderated)", permission: { canPublish: false, canPublishData: false } },
    });
    await metadataSeen;
    expect(alice.room.localParticipant!.metadata).toBe('{"role":"guest"}');
    const perm = await eventually(
      () => alice.room.localParticipant!.info.permission,
      (p) => p?.canPublish === false,
    );
    expect(perm).toMatchObject({
      canPublish: false,
      canPublishData: false,
      canSubscribe: true,
      canUpdateMetadata: true,
    });
    expect(alice.room.localParticipant!.name).toBe("Alice (moderated)");
  });

  it("refuses metadata that looks like JSON but is not, and changes nothing", async () => {
    const { room } = await roomWith({ identity: "alice" });
    const r = await updateRoomMetadata({ project, room, metadata: '{"oops": }' });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: "invalid_input",
        fieldErrors: {
          metadata: [expect.stringMatching(/^Metadata looks like JSON but does not parse/)],
        },
      },
    });
    expect((await lk.listRooms([room]))[0]?.metadata).toBe("");
  });

  it("edits the room's metadata; participants receive it", async () => {
    const { room, ps } = await roomWith({ identity: "alice" });
    const seen = nextEvent<[string, string]>(ps[0]!.room, RoomEvent.RoomMetadataChanged);
    expect(
      await updateRoomMetadata({ project, room, metadata: '{"topic":"incident 42"}' }),
    ).toMatchObject({ ok: true });
    await seen;
    expect(ps[0]!.room.metadata).toBe('{"topic":"incident 42"}');
  });

  it("sends a data message every participant receives, with its topic", async () => {
    const { room, ps } = await roomWith({ identity: "alice" }, { identity: "bob" });
    const received = Promise.all(
      ps.map((p) =>
        nextEvent<[Uint8Array, unknown, unknown, string | undefined]>(
          p.room,
          RoomEvent.DataReceived,
          20_000,
        ),
      ),
    );
    // A participant's data channel opens a moment after its join resolves, later on a busy
    // machine, and LiveKit drops a message sent before: send again until both have one.
    for (let tries = 0; tries < 10; tries++) {
      expect(
        await sendData({ project, room, topic: "ops", text: "maintenance in 5 minutes" }),
      ).toEqual({ ok: true, data: { recipients: 2 } });
      const wait = new Promise<boolean>((r) => setTimeout(() => r(false), 1_500));
      if (await Promise.race([received.then(() => true), wait])) break;
    }
    for (const [payload, , , topic] of await received) {
      expect(new TextDecoder().decode(payload)).toBe("maintenance in 5 minutes");
      expect(topic).toBe("ops");
    }
  });

  it("removes a participant (PARTICIPANT_REMOVED); removing again says they already left", async () => {
    const { room, ps } = await roomWith({ identity: "alice" }, { identity: "bob" });
    expect(await removeParticipant({ project, room, identity: "bob" })).toEqual({
      ok: true,
      data: { status: "removed" },
    });
    expect(await ps[1]!.disconnected).toBe(DisconnectReason.PARTICIPANT_REMOVED);
    expect(await removeParticipant({ project, room, identity: "bob" })).toEqual({
      ok: true,
      data: { status: "already_left" },
    });
    expect((await lk.listParticipants(room)).map((p) => p.identity)).toEqual(["alice"]);
  });
});
