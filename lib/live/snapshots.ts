import "server-only";
import type { RoomServiceClient } from "livekit-server-sdk";
import type { LiveKitTarget } from "@/lib/config-schema";
import { settings } from "@/lib/env";
import { ReadBudget } from "@/lib/live/budget";
import { fingerprint, SharedPoll, type Snapshot } from "@/lib/live/shared-poll";
import { onSharedChange, sharedChanged, sharedKey, sharedRead } from "@/lib/live/shared-copy";
import { toAppError } from "@/lib/livekit/errors";
import { listRoomViews, type RoomList } from "@/lib/live/list-rooms-worker";
import { LIST_ROOMS_MAX_TIMEOUT_SEC } from "@/lib/livekit/timeout";
import { ActionFailure } from "@/lib/procedures/failure";
import type { AppError } from "@/lib/procedures/result";
import { roomDetail, type RoomDetail } from "@/lib/rooms/participants";
import type { RoomView } from "@/lib/rooms/view";
import { processSingleton } from "@/lib/process-singleton";

/** How often the live views refresh; the polls upstream follow the same clock. */
export const LIVE_INTERVAL_MS = 2_000;

/**
 * Whether a poll's copy, read at `fetchedAtMs`, still says what LiveKit holds now: read within
 * the last two intervals (one missed or late read allowed).
 */
export const readRecently = (fetchedAtMs: number | undefined, nowMs = Date.now()): boolean =>
  fetchedAtMs !== undefined && nowMs - fetchedAtMs < 2 * LIVE_INTERVAL_MS;
const IDLE_MS = 30_000;

type Live = {
  rooms: Map<string, SharedPoll<RoomView[]>>;
  details: Map<string, SharedPoll<RoomDetail>>;
  budgets: Map<string, ReadBudget>;
};
const live = (): Live =>
  processSingleton("live", (): Live => ({
    rooms: new Map(),
    details: new Map(),
    budgets: new Map(),
  }));

// A changed URL or key is another upstream: it gets polls of its own.
const scope = (project: string, t: LiveKitTarget) =>
  `${project}\u0000${t.url}\u0000${t.apiKey}\u0000${t.apiSecret}`;

/** The upstream read budget of a project (LIVEKIT_READS_PER_SECOND), shared by its polls. */
export function readBudget(project: string, target: LiveKitTarget): ReadBudget {
  const { budgets } = live();
  const k = scope(project, target);
  const perSecond = settings().readsPerSecond;
  let b = budgets.get(k);
  if (!b) budgets.set(k, (b = new ReadBudget(perSecond)));
  else b.setRate(perSecond);
  return b;
}

/** The project's rooms: one ListRooms per interval, whatever the number of tabs. */
export function roomsPoll(project: string, target: LiveKitTarget): SharedPoll<RoomView[]> {
  const { rooms } = live();
  const k = scope(project, target);
  let p = rooms.get(k);
  if (!p) {
    // The list this poll holds and its fingerprint (made in the worker): an unchanged answer
    // comes back as this same list, with nothing copied, parsed or hashed here.
    let last: RoomList | undefined;
    // Lists failed in a row: each next one may take longer (listRoomsTimeoutSec).
    let failures = 0;
    const hashes = new WeakMap<RoomView[], string>();
    p = new SharedPoll({
      label: `rooms of ${project}`,
      intervalMs: LIVE_INTERVAL_MS,
      idleMs: IDLE_MS,
      // One read per interval across every instance (Redis), or per instance without it.
      fetch: () =>
        sharedRead(
          sharedKey("rooms", k),
          SHARED_FRESH_MS,
          async () => {
            try {
              last = await listRoomViews(target, last, failures);
            } catch (e) {
              failures += 1;
              throw e;
            }
            failures = 0;
            hashes.set(last.views, last.hash);
            return last.views;
          },
          // Another instance's list may take its longest timeout: its turn lasts as long.
          (LIST_ROOMS_MAX_TIMEOUT_SEC + 5) * 1000,
        ),
      // A copy from another instance (Redis) has no fingerprint yet: the default makes one.
      fingerprint: (views) => hashes.get(views) ?? fingerprint(views),
    });
    rooms.set(k, p);
    listenForChanges();
  }
  return p;
}

/** A copy another instance read this recently is served as it is (just under one interval). */
const SHARED_FRESH_MS = LIVE_INTERVAL_MS - 200;

let listening = false;
/** Changes made through other instances: the polls they touch read again now. */
function listenForChanges() {
  if (listening) return;
  listening = true;
  void onSharedChange((key) => {
    for (const [k, p] of live().rooms) if (sharedKey("rooms", k) === key) void p.invalidate();
  });
}

/** One room with its participants: one read per interval, shared by every tab watching it. */
export function roomDetailPoll(
  project: string,
  target: LiveKitTarget,
  rs: RoomServiceClient,
  room: string,
): SharedPoll<RoomDetail> {
  const { details } = live();
  const k = `${scope(project, target)}\u0000${room}`;
  let p = details.get(k);
  if (!p) {
    const budget = readBudget(project, target);
    p = new SharedPoll({
      label: `room ${JSON.stringify(room)} of ${project}`,
      intervalMs: LIVE_INTERVAL_MS,
      idleMs: IDLE_MS,
      fetch: () => roomDetail(rs, room),
      admit: () => budget.take(2),
      onIdle: () => details.delete(k),
    });
    details.set(k, p);
  }
  return p;
}

/**
 * After a change made through the console: the polls that show it read again now (once,
 * shared), so the next refresh of every tab shows the change instead of the state before it.
 */
export async function afterChange(project: string, target: LiveKitTarget, room?: string) {
  const { rooms, details } = live();
  const k = scope(project, target);
  await sharedChanged(sharedKey("rooms", k));
  await Promise.all([
    rooms.get(k)?.invalidate(),
    room === undefined ? undefined : details.get(`${k}\u0000${room}`)?.invalidate(),
  ]);
}

/**
 * The snapshot's value, or its failure as the operator should read it (the poll has logged
 * it once; readers keep their last rows and show why).
 */
export function valueOf<T>(snap: Snapshot<T>, target: LiveKitTarget): T {
  if (snap.error === undefined && snap.value !== undefined) return snap.value;
  throw new ActionFailure(failureOf(snap.error, target));
}

/** A failed read as the operator should read it. */
const failureOf = (error: unknown, target: LiveKitTarget): AppError =>
  error instanceof ActionFailure ? error.appError : toAppError(error, target.url);

/** A list served while LiveKit's latest reads fail: when it was read, and why it is old. */
export type Stale = { error: AppError; listedAtMs: number };

/**
 * The snapshot's value for views that can show an old copy: while reads fail, the last good
 * value and the failure (the table says it is stale and why, and a search, a sort or another
 * page still answers at once from it, during the very incident the console is open for).
 * Throws, as valueOf, only when no read ever succeeded.
 */
export function servedValue<T>(
  snap: Snapshot<T>,
  target: LiveKitTarget,
): { value: T; stale?: Stale } {
  const { error, value, fetchedAtMs } = snap;
  if (error === undefined || value === undefined || fetchedAtMs === undefined)
    return { value: valueOf(snap, target) };
  return { value, stale: { error: failureOf(error, target), listedAtMs: fetchedAtMs } };
}

/** Every poll of this process (tests and benchmarks). */
export const livePolls = () => live();
