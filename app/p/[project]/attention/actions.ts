"use server";

import { defineAction } from "@/lib/actions/guard";
import { ActionFailure } from "@/lib/actions/failure";
import { auditStore, tryRecord } from "@/lib/audit";
import { toAppError } from "@/lib/livekit/errors";
import {
  BulkJob,
  deleteSlots,
  jobs,
  previewBulk,
  registerJob,
  runningJobOf,
} from "@/lib/rooms/bulk";
import { allows } from "@/lib/auth/roles";
import { currentRoleOf } from "@/lib/auth/session";
import {
  bulkPreviewSchema,
  bulkStartSchema,
  jobRefSchema,
  typedPhrase,
} from "@/lib/rooms/bulk-schema";
import { onCall } from "@/lib/env";
import { markGhost } from "@/lib/rooms/oncall";

export const previewBulkDelete = defineAction(
  "bulk.preview",
  "view",
  bulkPreviewSchema,
  (i, { rs }) => {
    const cfg = onCall();
    return previewBulk(rs, i.rooms, cfg.bulkConcurrency, cfg.bulkConfirmAbove);
  },
);

export const startBulkDelete = defineAction(
  "bulk.start",
  "manage",
  bulkStartSchema,
  async (i, { rs, actor, role, project, target }) => {
    const cfg = onCall();
    if (i.rooms.length > cfg.bulkConfirmAbove && i.typed !== typedPhrase(i.rooms.length)) {
      throw new ActionFailure({
        code: "invalid_input",
        message: `Type "${typedPhrase(i.rooms.length)}" to confirm.`,
        fieldErrors: { typed: [`Type "${typedPhrase(i.rooms.length)}" exactly`] },
      });
    }
    const running = runningJobOf(actor.username, project);
    if (running) {
      throw new ActionFailure({
        code: "conflict",
        message: `Your bulk delete of ${running.items.length} rooms in ${project} is still running. Wait for it to finish, or cancel it, before starting another.`,
      });
    }
    const { store } = await auditStore();
    const job = new BulkJob(project, actor.username, i.rooms, {
      rs,
      concurrency: cfg.bulkConcurrency,
      slots: deleteSlots(project, cfg.deleteConcurrency),
      // A demoted or removed operator's job stops before its next room.
      stillAllowed: () => allows(currentRoleOf(actor.username, project), "manage"),
      onStopped: (reason) =>
        void tryRecord({
          actor: actor.username,
          role,
          project,
          action: "bulk.stopped",
          target: `${i.rooms.length} rooms`,
          params: { reason },
          outcome: "failed",
          errorCode: "permission_withdrawn",
        }),
      describe: (e) => toAppError(e, target.url).message,
      onGhost: (name, why) => markGhost(project, name, why),
      audit: {
        begin: (name) =>
          store.record({
            actor: actor.username,
            role,
            project,
            action: "room.delete",
            target: name,
            params: { bulk: true },
            outcome: "pending",
          }),
        finish: (id, item) =>
          store.finish(
            id,
            item.status === "deleted" || item.status === "already_closed" ? "ok" : "failed",
            {
              disconnected: item.disconnected,
              errorCode: item.status === "deleted" ? undefined : item.status,
            },
          ),
      },
    });
    registerJob(job);
    return job.view();
  },
  {
    action: "bulk.delete",
    target: (i) => `${i.rooms.length} rooms`,
    params: (i) => ({ rooms: i.rooms.slice(0, 50), count: i.rooms.length }),
  },
);

export const cancelBulkDelete = defineAction(
  "bulk.cancel",
  "manage",
  jobRefSchema,
  async (i, { project, actor, role }) => {
    const job = jobs().get(i.jobId);
    if (!job || job.project !== project)
      throw new ActionFailure({
        code: "not_found",
        message: "That bulk delete has finished or is unknown.",
      });
    if (job.actor !== actor.username && role !== "admin")
      throw new ActionFailure({
        code: "forbidden",
        message: `Only ${job.actor}, who started this bulk delete, or an admin can cancel it.`,
      });
    job.cancel();
    return job.view();
  },
  { action: "bulk.cancel", target: (i) => i.jobId },
);
