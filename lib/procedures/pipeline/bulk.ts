import "server-only";
import { database } from "@/lib/db";
import { accessConfig } from "@/lib/auth/access";
import { allows } from "@/lib/auth/roles";
import { currentRoleOf } from "@/lib/auth/session";
import type { LiveKitTarget } from "@/lib/config-schema";
import { settings } from "@/lib/env";
import { instanceId } from "@/lib/instance";
import { roomService } from "@/lib/livekit/client";
import { toAppError } from "@/lib/livekit/errors";
import { afterChange, readBudget } from "@/lib/live/snapshots";
import { markGhost } from "@/lib/rooms/attention-scan";
import { randomUUID } from "node:crypto";
import { log } from "@/lib/logger";
import { recorderFor } from "@/lib/procedures/pipeline/audit";
import { historyFor } from "@/lib/procedures/pipeline/history";
import type { BulkJobs, Recorder } from "@/lib/procedures/procedure";
import type { Actor } from "@/lib/auth/session";
import { deleteSlots } from "@/lib/rooms/bulk/delete-slots";
import { HEARTBEAT_MS, TAKEOVER_AFTER_MS, type BulkRunner } from "@/lib/rooms/bulk/runner";
import { runners, startRunner } from "@/lib/rooms/bulk/runners";
import type { JobRow } from "@/lib/db/bulk-store";
import { processSingleton } from "@/lib/process-singleton";
import { watchUpkeep } from "@/lib/procedures/pipeline/watch-maximum";

/**
 * Runs `job` on this instance: the one that started it (with the caller's audit trail), or
 * one that took it over (with a trail for the job's actor, who is checked before every room
 * as on the first instance). Every tab's next refresh shows the rooms gone once it ends.
 */
async function runHere(job: JobRow, target: LiveKitTarget, audit: Recorder): Promise<BulkRunner> {
  const cfg = settings();
  // Someone signed in through the provider: their role follows their newest session's groups.
  const db = await database();
  const groups = (await db.oidc.latestGroups(job.actor)) ?? undefined;
  const runner = startRunner(job, {
    rs: roomService(target),
    budget: readBudget(job.project, target),
    store: db.bulk,
    owner: instanceId(),
    audit,
    concurrency: cfg.bulkConcurrency,
    slots: deleteSlots(job.project, cfg.deleteConcurrency),
    // A demoted or removed operator's job stops before its next room.
    stillAllowed: () => allows(currentRoleOf(job.actor, job.project, groups), "manage"),
    describe: (e) => toAppError(e, target.url).message,
    onGhost: (name, why) => markGhost(job.project, target, name, why),
    presence: historyFor(job.project).presence,
  });
  void runner.done
    .catch((e: unknown) => log("error", "bulk delete stopped", { job: job.id }, e))
    .then(() => afterChange(job.project, target));
  return runner;
}

/** Finished jobs are kept this long (their audit records stay as long as the trail). */
const JOB_KEEP_DAYS = 7;

/**
 * Every instance looks for bulk deletes whose instance stopped beating (killed, hung, lost
 * its database) and finishes the rooms not yet done: within TAKEOVER_AFTER_MS + one look.
 * The same loop ends watches past their maximum (watch-maximum.ts), within seconds.
 */
export function startBulkRecovery() {
  const g = processSingleton("bulk-recovery", (): { timer?: NodeJS.Timeout } => ({}));
  if (g.timer) return;
  const look = async () => {
    const store = (await database()).bulk;
    for (;;) {
      const job = await store.takeOver(instanceId(), TAKEOVER_AFTER_MS);
      if (!job) return;
      // Its own job, silent because this process stalled: the runner here goes on with it.
      if (runners().has(job.id)) continue;
      const target = accessConfig().projects.find((p) => p.name === job.project)?.target;
      if (!target) {
        log("warn", "bulk delete of a project no longer configured: stopped", { job: job.id });
        await store.finish(job.id, instanceId(), "cancelled", "not started: project removed");
        continue;
      }
      log("info", "bulk delete taken over", {
        job: job.id,
        project: job.project,
        actor: job.actor,
        takeovers: job.takeovers,
      });
      const audit = recorderFor({
        actor: { username: job.actor, projects: [] },
        role: job.role,
        project: job.project,
      });
      await runHere(job, target, audit);
    }
  };
  let lastPrune = 0;
  const loop = async () => {
    if (Date.now() - lastPrune > 3_600_000) {
      lastPrune = Date.now();
      await (
        await database()
      ).bulk
        .prune(JOB_KEEP_DAYS)
        .catch((e: unknown) => log("warn", "bulk job prune failed", {}, e));
    }
    await look().catch((e: unknown) => log("warn", "bulk recovery look failed", {}, e));
    // The same few-second upkeep ends watches past their maximum, on whichever instance.
    await watchUpkeep().catch((e: unknown) => log("warn", "watch maximum check failed", {}, e));
    g.timer = setTimeout(() => void loop(), HEARTBEAT_MS * 2);
    g.timer.unref();
  };
  void loop();
}

/** Bulk deletes bound to one caller in one project (a handler cannot reach another's). */
export function bulkFor(
  scope: { actor: Actor; role: string; project: string; target: LiveKitTarget },
  audit: Recorder,
): BulkJobs {
  const { actor, role, project, target } = scope;
  const store = async () => (await database()).bulk;
  const job = async (jobId: string) => {
    const j = await (await store()).job(jobId);
    return j && j.project === project ? j : undefined;
  };
  const view = async (jobId: string) =>
    (await job(jobId)) ? (await store()).view(jobId) : undefined;
  return {
    job,
    view,
    runningOf: async () => (await store()).runningOf(actor.username, project),
    start: async (rooms) => {
      const row: JobRow = {
        id: randomUUID(),
        project,
        actor: actor.username,
        role,
        total: rooms.length,
        auditId: audit.own?.id ?? null,
        owner: instanceId(),
        takeovers: 0,
      };
      // In the database before the first room: another instance can show it, and finish it.
      await (await store()).create(row, rooms);
      await runHere(row, target, audit);
      return (await (await store()).view(row.id))!;
    },
    cancel: async (jobId) => {
      await (await store()).requestCancel(jobId);
      // At once when it runs here; another instance sees the flag at its next heartbeat.
      runners().get(jobId)?.cancel();
      return (await view(jobId))!;
    },
  };
}
