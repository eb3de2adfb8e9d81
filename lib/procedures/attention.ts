import "server-only";
import { z } from "zod";
import { allows } from "@/lib/auth/roles";
import { currentRoleOf } from "@/lib/auth/session";
import { settings } from "@/lib/env";
import { toAppError } from "@/lib/livekit/errors";
import { ActionFailure } from "@/lib/procedures/failure";
import { procedure } from "@/lib/procedures/procedure";
import type { AttentionCount } from "@/lib/rooms/attention-count";
import { scanWithHistory } from "@/lib/rooms/attention-history";
import { afterChange, roomsPoll, valueOf } from "@/lib/live/snapshots";
import { toRoomView } from "@/lib/rooms/view";
import { randomUUID } from "node:crypto";
import { auditStore } from "@/lib/audit";
import { instanceId } from "@/lib/instance";
import { previewBulk, runners } from "@/lib/rooms/bulk";
import { runHere } from "@/lib/rooms/bulk-jobs";
import {
  bulkPreviewSchema,
  bulkStartSchema,
  jobRefSchema,
  typedPhrase,
} from "@/lib/rooms/bulk-schema";

const REOPENED_SHOWN = 500;

/** Rooms that look stuck, with their reasons. */
export const listAttention = procedure({
  name: "rooms.attention",
  permission: "view",
  input: z.object({}),
  handler: async (_i, ctx) => {
    const cfg = settings();
    const { rooms, participantReads, waiting } = await scanWithHistory(ctx);
    return {
      rooms: rooms.filter((r) => r.reasons.length > 0),
      scanned: rooms.length,
      confirmAbove: cfg.bulkConfirmAbove,
      /** Participant lists read in the last scan, and lists still waiting for the budget. */
      participantReads,
      waiting,
    };
  },
  route: { path: "attention" },
});

/**
 * How many rooms need attention now (the nav's badge, polled by every page), and which open
 * rooms came back soon after closing (the rooms table says why on their rows).
 */
export const countAttention = procedure({
  name: "rooms.attention-count",
  permission: "view",
  input: z.object({}),
  handler: async (_i, ctx): Promise<AttentionCount> => {
    const { rooms, reopened } = await scanWithHistory(ctx);
    return {
      count: rooms.filter((r) => r.reasons.length > 0).length,
      reopened: reopened.slice(0, REOPENED_SHOWN),
    };
  },
  route: { path: "attention-count" },
});

/** A bulk delete of this project, from the database: whichever instance runs it. */
async function jobOf(jobId: string, project: string) {
  const store = (await auditStore()).bulk;
  const job = await store.job(jobId);
  if (!job || job.project !== project)
    throw new ActionFailure({
      code: "not_found",
      message: "That bulk delete is unknown (finished jobs are kept for a week).",
    });
  return { job, store };
}

async function viewOf(jobId: string, project: string) {
  const { store } = await jobOf(jobId, project);
  return (await store.view(jobId))!;
}

/** Progress of a bulk delete of this project. */
export const readBulkJob = procedure({
  name: "bulk.progress",
  permission: "view",
  input: jobRefSchema,
  handler: async (i, { project }) => viewOf(i.jobId, project),
  route: { path: "jobs/:jobId" },
});

export const previewBulkDelete = procedure({
  name: "bulk.preview",
  permission: "view",
  input: bulkPreviewSchema,
  handler: async (i, { rs, project, target }) => {
    const rooms = valueOf(await roomsPoll(project, target, rs).read(), target);
    // Names the snapshot does not hold (created since it was read) are asked for once, so a
    // room that exists is never called "already gone".
    const known = new Set(rooms.map((r) => r.name));
    const unknown = i.rooms.filter((n) => !known.has(n));
    const found = unknown.length ? (await rs.listRooms(unknown)).map((r) => toRoomView(r)) : [];
    const cfg = settings();
    return previewBulk(rs, [...rooms, ...found], i.rooms, {
      concurrency: cfg.bulkConcurrency,
      confirmAbove: cfg.bulkConfirmAbove,
    });
  },
  action: true,
});

export const startBulkDelete = procedure({
  name: "bulk.start",
  permission: "manage",
  input: bulkStartSchema,
  handler: async (i, ctx) => {
    const { actor, project, target, audit } = ctx;
    const cfg = settings();
    if (i.rooms.length > cfg.bulkConfirmAbove && i.typed !== typedPhrase(i.rooms.length)) {
      throw new ActionFailure({
        code: "invalid_input",
        message: `Type "${typedPhrase(i.rooms.length)}" to confirm.`,
        fieldErrors: { typed: [`Type "${typedPhrase(i.rooms.length)}" exactly`] },
      });
    }
    const store = (await auditStore()).bulk;
    const running = await store.runningOf(actor.username, project);
    if (running) {
      throw new ActionFailure({
        code: "conflict",
        message: `Your bulk delete of ${running.total} rooms in ${project} is still running. Wait for it to finish, or cancel it, before starting another.`,
      });
    }
    const job = {
      id: randomUUID(),
      project,
      actor: actor.username,
      role: ctx.role,
      total: i.rooms.length,
      auditId: audit.own?.id ?? null,
      owner: instanceId(),
      takeovers: 0,
    };
    // In the database before the first room: another instance can show it, and finish it.
    await store.create(job, i.rooms);
    await runHere(job, target, audit);
    return (await store.view(job.id))!;
  },
  audit: {
    action: "bulk.delete",
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
  handler: async (i, { project, actor, role }) => {
    const { job, store } = await jobOf(i.jobId, project);
    if (job.actor !== actor.username && role !== "admin")
      throw new ActionFailure({
        code: "forbidden",
        message: `Only ${job.actor}, who started this bulk delete, or an admin can cancel it.`,
      });
    await store.requestCancel(job.id);
    // At once when it runs here; another instance sees the flag at its next heartbeat.
    runners().get(job.id)?.cancel();
    return (await store.view(job.id))!;
  },
  audit: { action: "bulk.cancel", target: (i) => i.jobId },
  action: true,
});
