import { afterAll, afterEach, describe, expect, it } from "vitest";
import { DisconnectReason, dispose, Room, RoomEvent } from "@livekit/rtc-node";
import { endWatch, startWatch } from "@/app/p/[project]/rooms/[room]/actions";
import { database } from "@/lib/db";
import { startBulkRecovery } from "@/lib/procedures/pipeline/bulk";
import type { WatchGrant } from "@/lib/procedures/watch";
import { endOverdueWatches, MAXIMUM_GRACE_MS } from "@/lib/procedures/pipeline/watch-maximum";
import { joinParticipant, type TestParticipant } from "../support/participant";
import { PORTS } from "../support/ports";
import { sdk, uniqueRoom } from "../support/sdk";

/**
 * The maximum of a watch (WATCH_MAX_MIN) is the server's, not the page's: a script that takes
 * the token and joins with it (rtc-node here, no browser and no page timer) is removed by the
 * server once its maximum has passed, and the end is recorded.
 */
const lk = sdk();
const wsUrl = `ws://127.0.0.1:${PORTS.integration}`;
const project = "default";
let people: TestParticipant[] = [];
let scripts: Room[] = [];

afterEach(async () => {
  await Promise.all(scripts.map((r) => r.disconnect().catch(() => undefined)));
  await Promise.all(people.map((p) => p.leave().catch(() => undefined)));
  scripts = [];
  people = [];
});
afterAll(async () => {
  await dispose();
});

/** A room with someone in it, and a watch of it joined by a script with the console's token. */
async function watchedByScript() {
  const room = uniqueRoom("watch-max");
  await lk.createRoom({ name: room });
  people.push(await joinParticipant(wsUrl, room, "speaker", { publishAudio: true }));
  const res = await startWatch({ project, room });
  if (!res.ok) throw new Error(res.error.message);
  const grant: WatchGrant = res.data;
  const script = new Room();
  scripts.push(script);
  const left = new Promise<DisconnectReason | undefined>((resolve) =>
    script.once(RoomEvent.Disconnected, resolve),
  );
  await script.connect(grant.url, grant.token, { autoSubscribe: true, dynacast: false });
  const identities = async () => (await lk.listParticipants(room)).map((p) => p.identity);
  expect(await identities()).toContain(grant.identity);
  return { room, grant, left, identities };
}

const endRecords = async (room: string) =>
  (await (await database()).audit.query({ action: "room.watch.end", target: room, limit: 10 })).map(
    (r) => ({ actor: r.actor, outcome: r.outcome, params: r.params }),
  );

describe("the watch maximum, held by the server", () => {
  it("removes a script's watcher once its maximum has passed, and records the end once", async () => {
    const { room, grant, left, identities } = await watchedByScript();
    const row = await (await database()).watches.get(grant.identity);
    expect(row).toMatchObject({ project, room, actor: "root", role: "admin", endReason: null });
    expect(row!.endsAtMs - row!.startedAtMs).toBe(grant.maxSec * 1000);

    // Before the maximum (and within its grace) the watch goes on.
    expect(await endOverdueWatches(row!.endsAtMs + MAXIMUM_GRACE_MS - 1_000)).toBe(0);
    expect(await identities()).toContain(grant.identity);

    // After it, the server removes the watcher, whose client did nothing to end it.
    expect(await endOverdueWatches(row!.endsAtMs + MAXIMUM_GRACE_MS + 1_000)).toBe(1);
    expect(await left).toBe(DisconnectReason.PARTICIPANT_REMOVED);
    expect(await identities()).not.toContain(grant.identity);
    expect((await (await database()).watches.get(grant.identity))?.endReason).toBe("maximum");
    expect(await endRecords(room)).toEqual([
      {
        actor: "root",
        outcome: "ok",
        params: { identity: grant.identity, reason: "maximum", by: "server" },
      },
    ]);
    // Ended once: another round (or another instance) finds nothing more to do.
    expect(await endOverdueWatches(row!.endsAtMs + MAXIMUM_GRACE_MS + 60_000)).toBe(0);
    expect(await endRecords(room)).toHaveLength(1);
  });

  it("is enforced by the upkeep loop every instance runs, on the real clock", async () => {
    const { room, grant, left, identities } = await watchedByScript();
    // A watch whose maximum ran out a minute ago, as a long-running script's would have.
    await (
      await database()
    ).sql.query("UPDATE watches SET ends_at = now() - interval '1 minute' WHERE identity = $1", [
      grant.identity,
    ]);
    startBulkRecovery();
    const started = Date.now();
    expect(await left).toBe(DisconnectReason.PARTICIPANT_REMOVED);
    console.log(`overdue watcher removed by the loop after ${Date.now() - started} ms`);
    expect(await identities()).not.toContain(grant.identity);
    await expect.poll(() => endRecords(room)).toHaveLength(1);
  });

  it("a watch ended by its page is not ended again by the server", async () => {
    const { room, grant, left } = await watchedByScript();
    const row = await (await database()).watches.get(grant.identity);
    const ended = await endWatch({ project, room, identity: grant.identity, reason: "stopped" });
    expect(ended.ok).toBe(true);
    // Bounded, so a failure says which step never came (once, in a full run: the test's 30 s ran out).
    const late = new Promise<string>((resolve) =>
      setTimeout(
        () => resolve("the script still not disconnected 15 s after its watch ended"),
        15_000,
      ).unref(),
    );
    expect(await Promise.race([left, late])).toBe(DisconnectReason.PARTICIPANT_REMOVED);
    expect((await (await database()).watches.get(grant.identity))?.endReason).toBe("stopped");
    expect(await endOverdueWatches(row!.endsAtMs + MAXIMUM_GRACE_MS + 1_000)).toBe(0);
    expect((await endRecords(room)).map((r) => r.params)).toEqual([
      { identity: grant.identity, reason: "stopped" },
    ]);
  });
});
