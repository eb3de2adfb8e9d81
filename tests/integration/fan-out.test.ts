import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { previewBulkDelete } from "@/app/p/[project]/attention/actions";
import { signSession } from "@/lib/auth/token";
import { sessionAudience } from "@/lib/auth/session";
import { writeAccessFile } from "../support/access-fixture";
import { startCountingProxy, type CountingProxy } from "../support/counting-proxy";
import { joinParticipant, type TestParticipant } from "../support/participant";
import { PORTS } from "../support/ports";
import { setSessionToken } from "../support/session-cookie";
import { sdk, uniqueRoom } from "../support/sdk";
import { SESSION_SECRET } from "./env";

/**
 * A viewer's bulk-delete preview of many rooms reads LiveKit within the project's read budget
 * (LIVEKIT_READS_PER_SECOND), counted through a proxy between the console and a real
 * livekit-server; and one preview per operator and project is in flight at a time.
 */
const PER_SECOND = 20;
const ROOMS = 300;
const project = "main";
const lk = sdk();
const key = new TextEncoder().encode(SESSION_SECRET);
const as = async (username: string) =>
  setSessionToken(await signSession(username, key, { audience: await sessionAudience() }));
let proxy: CountingProxy;
let names: string[];
const people: TestParticipant[] = [];

beforeAll(async () => {
  proxy = await startCountingProxy(`http://127.0.0.1:${PORTS.integration}`);
  // Both projects on the proxy: a project of its own, so a read budget of its own.
  vi.stubEnv(
    "LIVEKIT_ADMIN_CONFIG",
    await writeAccessFile({ main: proxy.wsUrl, second: proxy.wsUrl }, "devkey"),
  );
  vi.stubEnv("MAIN_LIVEKIT_SECRET", "secret");
  vi.stubEnv("SECOND_LIVEKIT_SECRET", "secret");
  vi.stubEnv("LIVEKIT_READS_PER_SECOND", String(PER_SECOND));
  const prefix = uniqueRoom("fan-out");
  names = Array.from({ length: ROOMS }, (_, i) => `${prefix}-${i}`);
  for (let i = 0; i < ROOMS; i += 50)
    await Promise.all(names.slice(i, i + 50).map((name) => lk.createRoom({ name })));
  const ws = `ws://127.0.0.1:${PORTS.integration}`;
  people.push(
    await joinParticipant(ws, names[0]!, "alice"),
    await joinParticipant(ws, names[0]!, "bob"),
    await joinParticipant(ws, names[1]!, "carol"),
  );
}, 120_000);

afterAll(async () => {
  await Promise.all(people.map((p) => p.leave()));
  await Promise.all(names.map((name) => lk.deleteRoom(name).catch(() => {})));
  await proxy?.close();
  vi.unstubAllEnvs();
});

/** The most calls that reached LiveKit within any one second. */
function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= 1_000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe("a viewer's bulk-delete preview", () => {
  it("reads LiveKit within the read budget, and its totals are right; a second one of the same viewer is refused, another operator's is not", async () => {
    proxy.reset();
    const gone = [uniqueRoom("never-made"), uniqueRoom("never-made")];
    await as("vera");
    let settled = false;
    const big = previewBulkDelete({ project, rooms: [...names, ...gone] }).finally(
      () => (settled = true),
    );
    // Past authentication (the session is read first) once LiveKit is being read.
    while (proxy.calls("ListRooms") === 0 && !settled) await sleep(10);

    const again = await previewBulkDelete({ project, rooms: names.slice(0, 2) });
    expect(again).toMatchObject({ ok: false, error: { code: "rate_limited" } });
    expect(again.ok ? "" : again.error.message).toBe(
      "Your other preview of a bulk delete in main is still counting (one at a time per person and project). Wait for it to finish, then try again.",
    );
    await as("ada");
    const other = previewBulkDelete({ project, rooms: names.slice(0, 2) });

    expect(await big).toEqual({
      ok: true,
      data: {
        rooms: ROOMS + 2,
        participants: 3,
        recording: [],
        missing: gone,
        confirmAbove: 10,
      },
    });
    expect(await other).toMatchObject({ ok: true, data: { rooms: 2, participants: 3 } });

    // Every room counted live (no webhooks here prove any empty), at the budget's pace: no
    // second above the rate plus one bucket (it starts full).
    expect(proxy.calls("ListParticipants")).toBe(ROOMS + 2);
    const reads = [...proxy.times("ListParticipants"), ...proxy.times("ListRooms")];
    expect(busiestSecond(reads)).toBeLessThanOrEqual(PER_SECOND * 2);
    const counted = proxy.times("ListParticipants");
    expect(counted.at(-1)! - counted[0]!).toBeGreaterThanOrEqual(
      ((ROOMS - PER_SECOND * 2) / PER_SECOND) * 1_000,
    );

    // Done: the same viewer may preview again.
    await as("vera");
    expect(await previewBulkDelete({ project, rooms: names.slice(1, 2) })).toMatchObject({
      ok: true,
      data: { participants: 1 },
    });
  }, 90_000);
});
