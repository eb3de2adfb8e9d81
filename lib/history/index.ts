import "server-only";
import { database } from "@/lib/db";
import { accessConfig } from "@/lib/auth/access";
import { PROJECT_NAME } from "@/lib/auth/project-name";
import type { LiveKitTarget } from "@/lib/config-schema";
import { settings } from "@/lib/env";
import { roomsPoll, LIVE_INTERVAL_MS } from "@/lib/live/snapshots";
import { log, logOnceThenCount } from "@/lib/logger";
import { verifyWebhook } from "@/lib/history/ingest";
import { processSingleton } from "@/lib/process-singleton";

/**
 * History's own entry points, outside the procedure pipeline on purpose: the webhook receiver
 * is called by LiveKit (its signature is the credential, there is no session), and the sweep
 * by nobody (a background reconciliation). Neither acts for a person, so neither is audited.
 */

/**
 * LiveKit's largest event carries a room and a participant, each with metadata and attributes
 * that LiveKit caps at 64 KB apiece by default (a few hundred KB at the very most); 1 MiB leaves
 * headroom for an egress with many files. The receiver reads no further than this.
 */
export const MAX_WEBHOOK_BYTES = 1 << 20;

/** How recent a session's start or last event may be and still be closed by a sweep. */
export const SWEEP_MARGIN_MS = 5_000;

export type WebhookAnswer = { status: number; body: Record<string, unknown> };

type State = {
  /** Rooms whose session must be re-derived, in arrival order (a Set: each room once). */
  dirty: Set<string>;
  /** Recomputes running now. */
  running: number;
  timer?: NodeJS.Timeout;
  sweeper?: NodeJS.Timeout;
};
const state = (): State =>
  processSingleton("history", (): State => ({ dirty: new Set(), running: 0 }));

/** Recomputes at once: the webhook INSERTs on the request path get the connections first. */
const RECOMPUTE_CONCURRENCY = 2;
/** Events for one room within this window share one recompute (100 joins: a few, not 100). */
const RECOMPUTE_DELAY_MS = 200;

/**
 * Re-derives sessions from their events after the answer has gone, a few at a time. A crash in
 * between is repaired by the first sweep after start-up.
 */
function recomputeSoon(project: string, roomSid: string) {
  const s = state();
  s.dirty.add(`${project}\u0000${roomSid}`);
  s.timer ??= setTimeout(() => {
    s.timer = undefined;
    drain();
  }, RECOMPUTE_DELAY_MS);
}

function drain() {
  const s = state();
  while (s.running < RECOMPUTE_CONCURRENCY && s.dirty.size > 0) {
    const k = s.dirty.values().next().value!;
    s.dirty.delete(k);
    const [project, roomSid] = k.split("\u0000") as [string, string];
    s.running += 1;
    // The store as it is now (it may have been reopened since the event came).
    void database()
      .then((opened) => opened.history.recompute(project, roomSid))
      .catch((e: unknown) => log("error", "history recompute failed", { project, roomSid }, e))
      .finally(() => {
        s.running -= 1;
        drain();
      });
  }
}

/** Recomputes still running (tests wait for them before reading). */
export const recomputesPending = () => {
  const s = state();
  return s.dirty.size + s.running + (s.timer ? 1 : 0);
};

function projectTarget(project: string): LiveKitTarget | undefined {
  if (!PROJECT_NAME.test(project)) return undefined;
  return accessConfig().projects.find((p) => p.name === project)?.target;
}

/**
 * POST /api/webhooks/<project>: verified with the project's own key, stored once, answered
 * fast. Anything unsigned, altered, expired or meant for another project: 401, nothing kept.
 * A database that cannot take the event: 503, so LiveKit retries it.
 */
export async function receiveWebhook(
  project: string,
  body: string,
  authorization: string | null,
): Promise<WebhookAnswer> {
  const target = projectTarget(project);
  const verified = target
    ? await verifyWebhook(target, body, authorization)
    : { ok: false as const, reason: "unknown project" };
  if (!verified.ok) {
    // Anyone can post here: one line, then a count per minute, never a line per request.
    logOnceThenCount("warn", "webhook refused", {
      project: target ? project : "(unknown)",
      reason: verified.reason.slice(0, 80),
    });
    return { status: 401, body: { ok: false, error: "The webhook's signature is not valid." } };
  }
  const { event } = verified;
  let stored: boolean;
  try {
    const { history } = await database();
    // Ingress events name their room but carry no sid: they join the room's open session.
    if (!event.roomSid && event.roomName && event.event.startsWith("ingress_"))
      event.roomSid = (await history.openSidOf(project, event.roomName)) ?? "";
    stored = await history.insert(project, event);
  } catch (e) {
    log("error", "webhook not stored", { project, id: event.id, event: event.event }, e);
    return {
      status: 503,
      body: { ok: false, error: "The console's database is unavailable; retry later." },
    };
  }
  if (event.numDropped > 0)
    log("warn", "LiveKit dropped webhooks", { project, dropped: event.numDropped });
  if (event.roomSid) recomputeSoon(project, event.roomSid);
  return { status: 200, body: { ok: true, stored } };
}

/**
 * Compares the live list with open sessions: a session whose room is gone without
 * room_finished is closed as "no webhook received"; a live room history has never heard of
 * gets a session "seen by listing". The list comes from the shared rooms snapshot (no extra
 * upstream call while anyone watches; one ListRooms per sweep when nobody does). A failed
 * read closes nothing.
 */
export async function sweepProject(project: string, target: LiveKitTarget): Promise<void> {
  const history = (await database()).history;
  const poll = roomsPoll(project, target);
  let snap = poll.snapshot();
  if (!snap.fetchedAtMs || snap.fetchedAtMs < Date.now() - 2 * LIVE_INTERVAL_MS) {
    await poll.refresh();
    snap = poll.snapshot();
  }
  if (snap.error !== undefined || !snap.value || !snap.fetchedAtMs) return;
  const listedAt = snap.fetchedAtMs;
  const live = new Map(snap.value.map((r) => [r.sid, r]));
  const open = await history.openSids(project);
  const openSet = new Set(open);
  const added = await history.addListed(
    project,
    snap.value
      .filter((r) => !openSet.has(r.sid))
      .map((r) => ({
        sid: r.sid,
        name: r.name,
        createdAt: new Date(r.createdAtMs || listedAt),
        participants: r.numParticipants,
      })),
  );
  // A session that began (or last heard from) just before the list was asked for may not be
  // in it: spared until the next sweep. LiveKit stamps events in whole seconds, on its clock.
  const askedAt = listedAt - (snap.lastReadMs ?? 0);
  const closed = await history.closeUnseen(
    project,
    open.filter((sid) => !live.has(sid)),
    new Date(listedAt),
    new Date(askedAt - SWEEP_MARGIN_MS),
  );
  if (added || closed) log("info", "history reconciled", { project, added, closed });
}

async function repairRecent(project: string) {
  const history = (await database()).history;
  for (const sid of await history.recentlyTouched(project, new Date(Date.now() - 15 * 60_000)))
    await history.recompute(project, sid);
}

/** Starts the sweep (and retention) loop once per process; the first round repairs. */
export function startHistory() {
  const s = state();
  if (s.sweeper) return;
  let first = true;
  let lastPrune = 0;
  const round = async () => {
    for (const { name, target } of accessConfig().projects) {
      try {
        if (first) await repairRecent(name);
        await sweepProject(name, target);
      } catch (e) {
        log("warn", "history sweep failed", { project: name }, e);
      }
    }
    first = false;
    if (Date.now() - lastPrune > 3_600_000) {
      lastPrune = Date.now();
      try {
        const cutoff = new Date(Date.now() - settings().historyRetentionDays * 86_400_000);
        const removed = await (await database()).history.prune(cutoff);
        if (removed) log("info", "history pruned", { removed, before: cutoff.toISOString() });
      } catch (e) {
        log("warn", "history prune failed", {}, e);
      }
    }
  };
  const loop = async () => {
    await round();
    s.sweeper = setTimeout(() => void loop(), settings().historySweepSec * 1000);
    s.sweeper.unref();
  };
  s.sweeper = setTimeout(() => void loop(), 1_000);
  s.sweeper.unref();
}
