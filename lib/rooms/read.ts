import "server-only";
import { runGuarded, withProject } from "@/lib/actions/guard";
import { roomNameSchema } from "@/lib/rooms/schema";
import { listRooms } from "@/lib/rooms/service";
import { roomDetail } from "@/lib/rooms/participants";
import { z } from "zod";
import { ActionFailure } from "@/lib/actions/failure";
import { onCall } from "@/lib/env";
import { jobs } from "@/lib/rooms/bulk";
import { scanAttention } from "@/lib/rooms/oncall";
import { auditStore } from "@/lib/audit";
import { auditFilterSchema } from "@/lib/audit/filter-schema";

/** The rooms of a project, through the same guard as every action (page and polling route). */
export function readRooms(project: string) {
  return runGuarded("rooms.list", "view", withProject({}), { project }, (_i, { rs }) =>
    listRooms(rs),
  );
}

/** One room with its participants and tracks (page and polling route). */
export function readRoom(project: string, room: string) {
  return runGuarded(
    "rooms.detail",
    "view",
    withProject({ room: roomNameSchema }),
    { project, room },
    (i, { rs }) => roomDetail(rs, i.room),
  );
}

/** Rooms that look stuck, with their reasons. */
export function readAttention(project: string) {
  return runGuarded("rooms.attention", "view", withProject({}), { project }, async (_i, { rs }) => {
    const cfg = onCall();
    const rooms = await scanAttention(rs, project, cfg);
    return {
      rooms: rooms.filter((r) => r.reasons.length > 0),
      scanned: rooms.length,
      confirmAbove: cfg.bulkConfirmAbove,
    };
  });
}

/** Progress of a bulk delete of this project. */
export function readJob(project: string, jobId: string) {
  return runGuarded(
    "bulk.progress",
    "view",
    withProject({ jobId: z.uuid() }),
    { project, jobId },
    async (i) => {
      const job = jobs().get(i.jobId);
      if (!job || job.project !== project)
        throw new ActionFailure({
          code: "not_found",
          message: "That bulk delete has finished or is unknown.",
        });
      return job.view();
    },
  );
}

/** The audit trail of a project (admins). */
export function readAudit(project: string, filters: Record<string, unknown>, limit = 500) {
  return runGuarded(
    "audit.read",
    "administer",
    withProject(auditFilterSchema.shape),
    { project, ...filters },
    async (f) => {
      const { store } = await auditStore();
      return store.query({
        project,
        actor: f.actor,
        action: f.action,
        outcome: f.outcome,
        target: f.target,
        since: f.since ? new Date(`${f.since}T00:00:00Z`) : undefined,
        limit,
      });
    },
  );
}
