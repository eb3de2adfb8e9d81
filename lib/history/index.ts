import "server-only";
import { database } from "@/lib/db";
import type { Database } from "@/lib/db/open";
import { storable } from "@/lib/db/sql";
import { IngestQueue } from "@/lib/history/ingest-queue";
import { RecomputeScheduler } from "@/lib/history/recompute";
import type { IncomingEvent } from "@/lib/history/store";
import { accessConfig } from "@/lib/auth/access";
import { PROJECT_NAME } from "@/lib/auth/project-name";
import type { LiveKitTarget } from "@/lib/config-schema";
import { settings } from "@/lib/env";
import { readRecently, roomsPoll } from "@/lib/live/snapshots";
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

export type WebhookAnswer = {
  status: number;
  body: Record<string, unknown>;
  /** With a 503: when LiveKit should deliver again. */
  retryAfterSec?: number;
};

/** Rows per INSERT: more than arrive in one statement's time at thousands of events a second. */
const INGEST_BATCH = 500;
/** INSERTs running at once on PostgreSQL (of the pool's 10 connections). */
const INGEST_STATEMENTS = 2;

type State = {
  recomputes?: RecomputeScheduler;
  sweeper?: NodeJS.Timeout;
};
const state = (): State => processSingleton("history", (): State => ({}));

/** History is at most a second or two behind a busy room (lib/history/recompute.ts). */
const recomputes = () =>
  (state().recomputes ??= new RecomputeScheduler(
    async (key) => {
      const [project, roomSid] = key.split("\u0000") as [string, string];
      try {
        // The store as it is now (it may have been reopened since the event came).
        await (await database()).history.recompute(project, roomSid);
      } catch (e) {
        logOnceThenCount("error", "history recompute failed", { project, ...errorFields(e) });
        throw e;
      }
    },
    { concurrency: 2, delayMs: 200, minIntervalMs: 1_000 },
  ));

/**
 * Re-derives a room's session from its events after the answer has gone. A crash in between is
 * repaired by the first sweep after start-up.
 */
const recomputeSoon = (project: string, roomSid: string) =>
  recomputes().soon(`${project}\u0000${roomSid}`);

/** Recomputes waiting or running (tests wait for them before reading). */
export const recomputesPending = () => recomputes().pending();

/** What a log line may say of a database error: its code and the start of its message. */
const errorFields = (e: unknown) => ({
  code: (e as { code?: unknown } | null)?.code?.toString() ?? "",
  error: (e instanceof Error ? e.message : String(e)).slice(0, 120),
});

function projectTarget(project: string): LiveKitTarget | undefined {
  if (!PROJECT_NAME.test(project)) return undefined;
  return accessConfig().projects.find((p) => p.name === project)?.target;
}

/**
 * POST /api/webhooks/<project>: verified with the project's own key, stored once, answered
 * once its row is committed (group commits: lib/history/ingest-queue.ts). Anything unsigned,
 * altered, expired or meant for another project: 401, nothing kept. A database that cannot
 * take the event, or more events waiting than WEBHOOK_QUEUE_MAX: 503 with Retry-After, so
 * LiveKit delivers it again.
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
  let queue: IngestQueue<QueuedEvent>;
  try {
    queue = await ingestQueue();
  } catch (e) {
    logOnceThenCount("error", "webhook not stored", { project, ...errorFields(e) });
    return unavailable("database");
  }
  // Ingress events name their room but carry no sid: they join the room's open session.
  if (!event.roomSid && event.roomName && event.event.startsWith("ingress_")) {
    try {
      event.roomSid = (await (await database()).history.openSidOf(project, event.roomName)) ?? "";
    } catch (e) {
      logOnceThenCount("error", "webhook not stored", { project, ...errorFields(e) });
      return unavailable("database");
    }
  }
  const outcome = await queue.offer(`${project}\u0000${storable(event.id)}`, { project, event });
  if (outcome.kind === "busy") {
    // Said once, then counted: under a burst this would be a line per request.
    logOnceThenCount("warn", "webhook deferred: more arriving than the database stores", {
      project,
      reason: outcome.reason,
    });
    return unavailable("busy");
  }
  if (outcome.kind === "failed") {
    // Once, then counted: a database that is down would otherwise be a line per event.
    logOnceThenCount("error", "webhook not stored", { project, ...errorFields(outcome.error) });
    return unavailable("database");
  }
  if (event.numDropped > 0)
    log("warn", "LiveKit dropped webhooks", { project, dropped: event.numDropped });
  // A delivery again of a stored event: its first answer may have been lost after the commit.
  if (outcome.kind === "duplicate" && event.roomSid) recomputeSoon(project, event.roomSid);
  return { status: 200, body: { ok: true, stored: outcome.kind === "stored" } };
}

/**
 * 503 with Retry-After, so LiveKit delivers the event again: in a second when more arrive than
 * the database stores, in five when the database failed.
 */
function unavailable(why: "busy" | "database"): WebhookAnswer {
  return why === "busy"
    ? {
        status: 503,
        retryAfterSec: 1,
        body: {
          ok: false,
          error: "The console is storing more webhooks than it can take at once; retry shortly.",
        },
      }
    : {
        status: 503,
        retryAfterSec: 5,
        body: { ok: false, error: "The console could not store the webhook; retry later." },
      };
}

type QueuedEvent = { project: string; event: IncomingEvent };

/**
 * This process's webhook queue, on the database as it is now: group commits, several statements
 * at once on PostgreSQL, one on the embedded database (its only thread).
 */
async function ingestQueue(): Promise<IngestQueue<QueuedEvent>> {
  const db = await database();
  const held = processSingleton(
    "history.ingest",
    (): { db?: Database; queue?: IngestQueue<QueuedEvent> } => ({}),
  );
  if (held.db !== db || !held.queue) {
    const s = settings();
    held.db = db;
    // Sessions are re-derived from what the statement stored, whatever became of the request
    // (one that timed out still has its row, and LiveKit may never deliver it again).
    const write = async (items: QueuedEvent[]) => {
      const stored = await db.history.insertMany(items);
      for (const { project, event } of items)
        if (event.roomSid && stored.has(`${project}\u0000${storable(event.id)}`))
          recomputeSoon(project, event.roomSid);
      return stored;
    };
    held.queue = new IngestQueue<QueuedEvent>(write, {
      maxPending: s.webhookQueueMax,
      maxBatch: INGEST_BATCH,
      concurrency: db.kind === "pglite" ? 1 : INGEST_STATEMENTS,
      timeoutMs: s.webhookStoreTimeoutMs,
    });
  }
  return held.queue;
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
  if (!readRecently(snap.fetchedAtMs)) {
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
