import "server-only";
import type { BulkJobView } from "@/lib/rooms/bulk/types";
import type { z } from "zod";
import type {
  AgentDispatchClient,
  EgressClient,
  IngressClient,
  RoomServiceClient,
  SipClient,
} from "livekit-server-sdk";
import type { LiveKitTarget } from "@/lib/config-schema";
import type { Permission, Role } from "@/lib/auth/roles";
import type { Actor } from "@/lib/auth/session";
import type { AuditFilter, AuditRow, Outcome } from "@/lib/db/audit-store";
import type { HistoryStore } from "@/lib/history/store";

/** An audit record's end: its outcome and what it cost. */
export type Closing = {
  outcome: Exclude<Outcome, "pending" | "refused">;
  errorCode?: string;
  disconnected?: number;
};

/**
 * The audit trail as a procedure's handler sees it: bound to the caller and the project, so
 * work done inside one call (each room of a bulk delete) is recorded as that caller's.
 */
export type Recorder = {
  /** Opens a pending record before a change; throws when the trail cannot be written. */
  begin(action: string, target: string, params?: Record<string, unknown>): Promise<number>;
  close(id: number, closing: Closing): Promise<void>;
  /**
   * Closes this project's pending record `id` of `action` only if it is still pending: true
   * when this call decided its outcome, false when another call had (a start and its cancel).
   */
  closeIfPending(id: number, action: string, closing: Closing): Promise<boolean>;
  /** Many pending records in one write (ids in the order given); throws when it cannot. */
  beginMany(action: string, targets: string[], params?: Record<string, unknown>): Promise<number[]>;
  closeMany(items: ({ id: number } & Closing)[]): Promise<void>;
  /** A finished event whose loss is logged, not thrown (e.g. "bulk delete stopped"). */
  note(
    event: { action: string; target: string; params?: Record<string, unknown> } & Closing,
  ): Promise<void>;
  /**
   * The procedure's own record when its spec says the handler closes it (work that outlives
   * the call, like a bulk delete): close it with the real outcome when the work ends.
   */
  own?: { id: number; close(closing: Closing): Promise<void> };
  /** This project's trail, newest first (a handler cannot read another project's). */
  read(filter: Omit<AuditFilter, "project">): Promise<AuditRow[]>;
};

/** LiveKit's history of this project (webhook events and sessions), read-only. */
export type HistoryReader = {
  [
    K in
      | "sessions"
      | "session"
      | "events"
      | "eventsOfKind"
      | "lastWebhook"
      | "series"
      | "durations"
      | "liveFacts"
      | "presence"
      | "closedRecently"
      | "ingressStates"
  ]: HistoryStore[K] extends (project: string, ...rest: infer A) => infer R
    ? (...args: A) => R
    : never;
} & Pick<HistoryStore, "searchIndexed">;

/**
 * Runs `work` unless this caller already has a `name` in flight in this project (on any
 * instance); then calls `busy`, which throws the refusal, instead.
 */
export type OneAtATime = <T>(name: string, work: () => Promise<T>, busy: () => never) => Promise<T>;

/** What every handler receives once the pipeline has let the call through. */
export type ProcedureContext = {
  actor: Actor;
  role: Role;
  project: string;
  target: LiveKitTarget;
  rs: RoomServiceClient;
  /** LiveKit's SIP service: trunks, dispatch rules, calls. */
  sip: SipClient;
  /** Agent dispatches (lib/agents). */
  ads: AgentDispatchClient;
  /** LiveKit's egress service: list, stop, update (10 s); starts use `egressStarts` (30 s). */
  egress: EgressClient;
  egressStarts: EgressClient;
  /** Incoming streams: RTMP, WHIP and URL inputs (lib/ingress). */
  ingress: IngressClient;
  audit: Recorder;
  history: HistoryReader;
  bulk: BulkJobs;
  /** The caller's watches (docs/watch.md), so the server can end one at its maximum. */
  watches: Watches;
  oneAtATime: OneAtATime;
};

/** Watches of this caller in this project, recorded from token to end (lib/db/watch-store.ts). */
export type Watches = {
  start(room: string, identity: string, maxSec: number): Promise<void>;
  /** False when the watch had ended already (or was never started). */
  end(identity: string, reason: string): Promise<boolean>;
};

/** Bulk deletes of this project, in the database: shown and finished by any instance. */
export type BulkJobs = {
  job(
    jobId: string,
  ): Promise<{ id: string; actor: string; total: number; finished: boolean } | undefined>;
  view(jobId: string): Promise<BulkJobView | undefined>;
  /** The caller's unfinished job here (one at a time per person and project). */
  runningOf(): Promise<{ id: string; total: number } | undefined>;
  /** Records the job, then runs it on this instance; the caller's trail records each room. */
  start(rooms: string[]): Promise<BulkJobView>;
  cancel(jobId: string): Promise<BulkJobView>;
};

/** How a change is recorded in the audit trail (as the procedure's `name`). */
export type AuditSpec<I, T> = {
  target: (input: I) => string;
  params?: (input: I) => Record<string, unknown>;
  disconnected?: (data: T) => number;
  /** The handler closes the record itself (through `ctx.audit.own`) when its work really ends. */
  closedBy?: "handler";
};

/** A GET route under /api/p/<project>/, e.g. "rooms/:room". Path parameters become input. */
export type RouteSpec<T> = {
  path: string;
  /** Query-string fields are input too (the audit filters). */
  query?: boolean;
  /** A body other than the JSON result (CSV); failures are always JSON. */
  respond?: (data: T, project: string) => Response;
};

export type Procedure<S extends z.ZodType = z.ZodType, T = unknown> = {
  /**
   * The capability's one name ("room.create"): in logs, and, when audited, the action its
   * records are stored and filtered under. Renaming an audited one splits its history (see
   * docs/adding-a-capability.md).
   */
  name: string;
  permission: Permission;
  /**
   * What the deployment asks at call time, when it decides (WATCH_ROLE): replaces `permission`,
   * which stays the default; "nobody" turns the capability off.
   */
  permissionNow?: () => Permission | "nobody";
  /** The input without `project`: the pipeline scopes every call to a project itself. */
  input: S;
  handler: (input: z.output<S>, ctx: ProcedureContext) => Promise<T>;
  audit?: AuditSpec<z.output<S>, T>;
  /** Exposed as a server action (a "use server" file exports `serverAction(...)` of it). */
  action?: true;
  route?: RouteSpec<T>;
};

// The registry holds procedures of every input and result type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProcedure = Procedure<any, any>;

/** Declares a procedure; a change of LiveKit without an audit spec is refused at start-up. */
export function procedure<S extends z.ZodType, T>(p: Procedure<S, T>): Procedure<S, T> {
  if (p.permission !== "view" && p.permission !== "administer" && !p.audit)
    throw new Error(`${p.name} changes LiveKit but has no audit spec`);
  return p;
}
