import { z } from "zod";
import { ConfigError } from "@/lib/config-schema";
import type { AttentionConfig } from "@/lib/rooms/attention";
import type { Role } from "@/lib/auth/roles";

const seconds = (name: string, fallback: number) =>
  z.coerce
    .number({ error: `${name} must be a number of seconds` })
    .int(`${name} must be a whole number of seconds`)
    .min(0, `${name} must not be negative`)
    .default(fallback);

const schema = z.object({
  ATTENTION_NO_PUBLISHER_SEC: seconds("ATTENTION_NO_PUBLISHER_SEC", 30 * 60),
  ATTENTION_MAX_AGE_SEC: seconds("ATTENTION_MAX_AGE_SEC", 24 * 60 * 60),
  ATTENTION_GRACE_SEC: seconds("ATTENTION_GRACE_SEC", 30),
  ATTENTION_ALONE_SEC: seconds("ATTENTION_ALONE_SEC", 15 * 60),
  ATTENTION_NEVER_JOINED_SEC: seconds("ATTENTION_NEVER_JOINED_SEC", 10 * 60),
  ATTENTION_AGENT_JOIN_SEC: seconds("ATTENTION_AGENT_JOIN_SEC", 30),
  ATTENTION_EGRESS_QUIET_SEC: seconds("ATTENTION_EGRESS_QUIET_SEC", 10 * 60),
  BULK_DELETE_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1, "BULK_DELETE_CONCURRENCY must be at least 1")
    .max(64, "BULK_DELETE_CONCURRENCY must be at most 64")
    .default(8),
  BULK_CONFIRM_ABOVE: z.coerce.number().int().min(0).default(10),
  MUTATIONS_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1, "MUTATIONS_PER_MINUTE must be at least 1")
    .default(120),
  LIVEKIT_READS_PER_SECOND: z.coerce
    .number()
    .int()
    .min(1, "LIVEKIT_READS_PER_SECOND must be at least 1")
    .default(50),
  ATTENTION_PARTICIPANT_READS: z.coerce
    .number()
    .int()
    .min(0, "ATTENTION_PARTICIPANT_READS must not be negative")
    .default(50),
  HISTORY_RETENTION_DAYS: z.coerce
    .number({ error: "HISTORY_RETENTION_DAYS must be a number of days" })
    .int("HISTORY_RETENTION_DAYS must be a whole number of days")
    .min(1, "HISTORY_RETENTION_DAYS must be at least 1")
    .default(30),
  HISTORY_SWEEP_SEC: seconds("HISTORY_SWEEP_SEC", 30).refine(
    (n) => n >= 5,
    "HISTORY_SWEEP_SEC must be at least 5",
  ),
  WEBHOOK_QUEUE_MAX: z.coerce
    .number({ error: "WEBHOOK_QUEUE_MAX must be a number of events" })
    .int("WEBHOOK_QUEUE_MAX must be a whole number of events")
    .min(1, "WEBHOOK_QUEUE_MAX must be at least 1")
    .default(2_000),
  WEBHOOK_STORE_TIMEOUT_SEC: seconds("WEBHOOK_STORE_TIMEOUT_SEC", 5).refine(
    (n) => n >= 1,
    "WEBHOOK_STORE_TIMEOUT_SEC must be at least 1",
  ),
  LIVEKIT_DELETE_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1, "LIVEKIT_DELETE_CONCURRENCY must be at least 1")
    .max(256, "LIVEKIT_DELETE_CONCURRENCY must be at most 256")
    .default(16),
  WATCH_ROLE: z
    .enum(["viewer", "operator", "admin", "none"], {
      error: "WATCH_ROLE must be viewer, operator, admin or none",
    })
    .default("admin"),
  WATCH_MAX_MIN: z.coerce
    .number({ error: "WATCH_MAX_MIN must be a number of minutes" })
    .int("WATCH_MAX_MIN must be a whole number of minutes")
    .min(1, "WATCH_MAX_MIN must be at least 1")
    .max(240, "WATCH_MAX_MIN must be at most 240")
    .default(15),
});

export type Settings = AttentionConfig & {
  /** An agent dispatched this long ago and not seen in its room needs a look. */
  agentJoinSec: number;
  /** An active egress whose status has not changed this long while its room is empty. */
  egressQuietSec: number;
  bulkConcurrency: number;
  bulkConfirmAbove: number;
  /** Changes one operator may make per minute. */
  mutationsPerMinute: number;
  /** Deletes in flight at once per LiveKit project, all jobs and dialogs together. */
  deleteConcurrency: number;
  /** Upstream reads (room details, participant checks) per second per project. */
  readsPerSecond: number;
  /** ListParticipants calls Needs attention may make per scan (every 5 s) per project. */
  attentionParticipantReads: number;
  /** Webhook events and ended sessions older than this are pruned. */
  historyRetentionDays: number;
  /** How often history is reconciled with the live list. */
  historySweepSec: number;
  /** Webhook events waiting to be stored before more are answered 503 (LiveKit retries). */
  webhookQueueMax: number;
  /** How long a webhook waits for its row before it is answered 503 (LiveKit retries). */
  webhookStoreTimeoutMs: number;
  /** The least role that may watch and listen to a room (docs/watch.md); "none" turns it off. */
  watchRole: Role | "none";
  /** A watch ends by itself after this long. */
  watchMaxSec: number;
};

/** Attention thresholds, bulk-delete limits and the change budget, from the environment, with defaults. */
export function settingsFrom(env: Record<string, string | undefined>): Settings {
  const r = schema.safeParse(env);
  if (!r.success) throw new ConfigError(r.error.issues.map((i) => i.message));
  return {
    noPublisherSec: r.data.ATTENTION_NO_PUBLISHER_SEC,
    maxAgeSec: r.data.ATTENTION_MAX_AGE_SEC,
    graceSec: r.data.ATTENTION_GRACE_SEC,
    aloneSec: r.data.ATTENTION_ALONE_SEC,
    neverJoinedSec: r.data.ATTENTION_NEVER_JOINED_SEC,
    agentJoinSec: r.data.ATTENTION_AGENT_JOIN_SEC,
    egressQuietSec: r.data.ATTENTION_EGRESS_QUIET_SEC,
    bulkConcurrency: r.data.BULK_DELETE_CONCURRENCY,
    bulkConfirmAbove: r.data.BULK_CONFIRM_ABOVE,
    mutationsPerMinute: r.data.MUTATIONS_PER_MINUTE,
    deleteConcurrency: r.data.LIVEKIT_DELETE_CONCURRENCY,
    readsPerSecond: r.data.LIVEKIT_READS_PER_SECOND,
    attentionParticipantReads: r.data.ATTENTION_PARTICIPANT_READS,
    historyRetentionDays: r.data.HISTORY_RETENTION_DAYS,
    historySweepSec: r.data.HISTORY_SWEEP_SEC,
    webhookQueueMax: r.data.WEBHOOK_QUEUE_MAX,
    webhookStoreTimeoutMs: r.data.WEBHOOK_STORE_TIMEOUT_SEC * 1000,
    watchRole: r.data.WATCH_ROLE,
    watchMaxSec: r.data.WATCH_MAX_MIN * 60,
  };
}
