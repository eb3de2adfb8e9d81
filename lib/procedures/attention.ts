import "server-only";
import { readBudget, roomsPoll } from "@/lib/live/snapshots";
import { redisDown } from "@/lib/live/redis";
import { z } from "zod";
import { settings } from "@/lib/env";
import { ActionFailure } from "@/lib/procedures/failure";
import { procedure } from "@/lib/procedures/procedure";
import { ROUTES } from "@/lib/procedures/routes";
import type { AttentionCount } from "@/lib/rooms/attention-count";
import { scanWithHistory } from "@/lib/rooms/attention-history";
import { stuckEgressOf } from "@/lib/egress/attention";
import { roomsHeldBy } from "@/lib/rooms/bulk/list-by-name";
import { previewBulk } from "@/lib/rooms/bulk/preview";
import type { BulkJobs } from "@/lib/procedures/procedure";
import {
  bulkPreviewSchema,
  bulkStartSchema,
  jobRefSchema,
  typedPhrase,
} from "@/lib/rooms/bulk/schema";

const REOPENED_SHOWN = 500;

/** Rooms that look stuck, with their reasons. */
export const listAttention = procedure({
  name: "room.attention",
  permission: "view",
  input: z.object({}),
  handler: async (_i, ctx) => {
    const cfg = settings();
    const [{ rooms, scanned, participantReads, waiting, roundMs, passMs }, egress] =
      await Promise.all([scanWithHistory(ctx), stuckEgressOf(ctx).catch(() => [])]);
    return {
      rooms,
      /** Recordings that look stuck (active for a gone room, quiet while empty, a failed stop). */
      egress,
      scanned,
      confirmAbove: cfg.bulkConfirmAbove,
      /** Participant lists read in the last scan, and lists still waiting for the budget. */
      participantReads,
      waiting,
      /** The last scan's round and the pass over its rooms with history, in ms (benchmarks). */
      roundMs,
      passMs,
    };
  },
  route: { path: ROUTES.listAttention },
});

/**
 * How many rooms need attention now (the nav's badge, polled by every page), and which open
 * rooms came back soon after closing (the rooms table says why on their rows).
 */
export const countAttention = procedure({
  name: "room.attention-count",
  permission: "view",
  input: z.object({}),
  handler: async (_i, ctx): Promise<AttentionCount> => {
    const [{ flagged, reopened }, down, egress] = await Promise.all([
      scanWithHistory(ctx),
      redisDown(),
      stuckEgressOf(ctx).catch(() => []),
    ]);
    return {
      count: flagged + egress.length,
      reopened: reopened.slice(0, REOPENED_SHOWN),
      ...(down ? { redisDown: true as const } : {}),
    };
  },
  route: { path: ROUTES.countAttention },
});

const unknownJob = () =>
  new ActionFailure({
    code: "not_found",
    message: "That bulk delete is unknown (finished jobs are kept for a week).",
  });

/** A bulk delete of this project, from the database: whichever instance runs it. */
async function viewOf(bulk: BulkJobs, jobId: string) {
  const view = await bulk.view(jobId);
  if (!view) throw unknownJob();
  return view;
}

/** Progress of a bulk delete of this project. */
export const readBulkJob = procedure({
  name: "bulk.progress",
  permission: "view",
  input: jobRefSchema,
  handler: async (i, { bulk }) => viewOf(bulk, i.jobId),
  route: { path: ROUTES.readBulkJob },
});

/** A second preview by the same operator in the same project while one is counting. */
const previewBusy = (project: string): never => {
  throw new ActionFailure({
    code: "rate_limited",
    message: `Your other preview of a bulk delete in ${project} is still counting (one at a time per person and project). Wait for it to finish, then try again.`,
  });
};

/**
 * Who would be disconnected. Any viewer may ask, so its reads are bounded twice: each waits for
 * the project's read budget (LIVEKIT_READS_PER_SECOND), and each operator has one preview in
 * flight per project (a lease in the database, so across every instance).
 */
export const previewBulkDelete = procedure({
  name: "bulk.preview",
  permission: "view",
  input: bulkPreviewSchema,
  handler: async (i, { rs, history, project, target, oneAtATime }) => {
    const cfg = settings();
    // One room list read now (not the shared snapshot, up to an interval old): the operator
    // confirms these numbers. The snapshot only says how many rooms there are (listByName).
    const roomsHeld = roomsHeldBy(roomsPoll(project, target).snapshot());
    return oneAtATime(
      "bulk.preview",
      () =>
        previewBulk(rs, i.rooms, {
          concurrency: cfg.bulkConcurrency,
          confirmAbove: cfg.bulkConfirmAbove,
          budget: readBudget(project, target),
          presence: history.presence,
          roomsHeld,
        }),
      () => previewBusy(project),
    );
  },
  action: true,
});

export const startBulkDelete = procedure({
  name: "bulk.delete",
  permission: "manage",
  input: bulkStartSchema,
  handler: async (i, { project, bulk }) => {
    const cfg = settings();
    if (i.rooms.length > cfg.bulkConfirmAbove && i.typed !== typedPhrase(i.rooms.length)) {
      throw new ActionFailure({
        code: "invalid_input",
        message: `Type "${typedPhrase(i.rooms.length)}" to confirm.`,
        fieldErrors: { typed: [`Type "${typedPhrase(i.rooms.length)}" exactly`] },
      });
    }
    const running = await bulk.runningOf();
    if (running) {
      throw new ActionFailure({
        code: "conflict",
        message: `Your bulk delete of ${running.total} rooms in ${project} is still running. Wait for it to finish, or cancel it, before starting another.`,
      });
    }
    return bulk.start(i.rooms);
  },
  audit: {
    target: (i) => `${i.rooms.length} rooms`,
    params: (i) => ({ rooms: i.rooms.slice(0, 50), count: i.rooms.length }),
    // The job's record ends when the job does, with its real outcome.
    closedBy: "handler",
  },
  action: true,
});

export const cancelBulkDelete = procedure({
  name: "bulk.cancel",
  permission: "manage",
  input: jobRefSchema,
  handler: async (i, { actor, role, bulk }) => {
    const job = await bulk.job(i.jobId);
    if (!job) throw unknownJob();
    if (job.actor !== actor.username && role !== "admin")
      throw new ActionFailure({
        code: "forbidden",
        message: `Only ${job.actor}, who started this bulk delete, or an admin can cancel it.`,
      });
    return bulk.cancel(job.id);
  },
  audit: { target: (i) => i.jobId },
  action: true,
});
