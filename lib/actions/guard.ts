import "server-only";
import { z } from "zod";
import type { RoomServiceClient } from "livekit-server-sdk";
import { fail, ok, type ActionResult } from "@/lib/actions/result";
import { fieldErrorsOf } from "@/lib/actions/field-errors";
import { ActionFailure } from "@/lib/actions/failure";
import { ConfigError, type LiveKitTarget } from "@/lib/config-schema";
import { accessConfig } from "@/lib/auth/access";
import { projectNameSchema } from "@/lib/auth/project-name";
import { allows, ROLE_LABEL, type Permission, type Role } from "@/lib/auth/roles";
import { currentActor, roleOf, SessionStoreUnavailable, type Actor } from "@/lib/auth/session";
import { roomService } from "@/lib/livekit/client";
import { toAppError } from "@/lib/livekit/errors";
import { log } from "@/lib/logger";
import { auditStore, tryRecord } from "@/lib/audit";
import { onCall } from "@/lib/env";

export type ActionContext = {
  actor: Actor;
  role: Role;
  project: string;
  target: LiveKitTarget;
  rs: RoomServiceClient;
};

const projectOf = z.object({ project: projectNameSchema });

/** Every action's input names the project it acts on. */
export const withProject = <T extends z.ZodRawShape>(shape: T) =>
  z.object({ project: projectNameSchema, ...shape });

const NEEDED: Record<Permission, string> = {
  view: "access to this project",
  manage: "the operator or admin role",
  administer: "the admin role",
};

/** How a mutation is recorded in the audit trail. */
export type AuditSpec<I, T> = {
  action: string;
  target: (input: I) => string;
  params?: (input: I) => Record<string, unknown>;
  disconnected?: (data: T) => number;
};

const AUDIT_DOWN =
  "The audit log cannot be written, so nothing was changed. Check DATABASE_URL (or the data folder) and retry.";

/**
 * The field (dotted path) of the first string that is not well-formed UTF-16: LiveKit's
 * protobuf would silently turn it into another string, so it is refused, never sent.
 */
function illFormedField(raw: unknown, path = ""): string | undefined {
  if (typeof raw === "string") return raw.isWellFormed() ? undefined : path || "_form";
  if (!raw || typeof raw !== "object") return undefined;
  for (const [k, v] of Object.entries(raw)) {
    const found = illFormedField(v, path ? `${path}.${k}` : k);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** What the caller sent, for the record of a refusal: top-level fields, trimmed, no secrets. */
function sentParams(raw: unknown): Record<string, unknown> {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return { input: typeof raw };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>).slice(0, 20)) {
    if (k === "project") continue;
    out[k] =
      v === null || ["string", "number", "boolean"].includes(typeof v)
        ? typeof v === "string" && v.length > 200
          ? `${v.slice(0, 200)}… (${v.length} chars)`
          : v
        : Array.isArray(v)
          ? `[list of ${v.length}]`
          : `[${typeof v}]`;
  }
  return out;
}

async function recordRefusal(
  actor: Actor,
  project: string,
  role: string,
  action: string,
  raw: unknown,
  errorCode = "forbidden",
) {
  await tryRecord({
    actor: actor.username,
    role,
    project,
    action,
    params: sentParams(raw),
    outcome: "refused",
    errorCode,
  });
}

/**
 * The one pipeline every server action, route handler and server-rendered read runs through:
 * session → project membership → role → input (zod) → LiveKit call → typed, safe result.
 * Server actions are public HTTP endpoints: nothing else protects them.
 */
export async function runGuarded<S extends z.ZodType, T>(
  name: string,
  permission: Permission,
  schema: S,
  rawInput: unknown,
  handler: (input: z.output<S>, ctx: ActionContext) => Promise<T>,
  audit?: AuditSpec<z.output<S>, T>,
): Promise<ActionResult<T>> {
  if (permission === "manage" && !audit)
    throw new Error(`${name} changes LiveKit but has no audit spec`);
  let actor: Actor | undefined;
  try {
    actor = await currentActor();
  } catch (e) {
    if (e instanceof SessionStoreUnavailable) {
      // Refused without a record (the database is what is down): the log line is the trace.
      log("error", "session store unavailable", { action: name, auditLost: true }, e);
      return fail({
        code: "audit_unavailable",
        message:
          "The console's database cannot be reached, so your session cannot be checked. Check DATABASE_URL (or the data folder) and retry.",
      });
    }
    log("error", "configuration invalid", { action: name }, e);
    const message = e instanceof ConfigError ? e.problems.join("; ") : "Configuration is invalid.";
    return fail({ code: "config", message: `The console is misconfigured: ${message}` });
  }
  if (!actor) {
    return fail({
      code: "unauthenticated",
      message: "You are signed out (or your session expired). Sign in again.",
    });
  }
  const scoped = projectOf.safeParse(rawInput);
  const role = scoped.success ? roleOf(actor, scoped.data.project) : undefined;
  // The project as read once: a configuration change after this is a refusal, not a TypeError.
  const target =
    scoped.success && role
      ? accessConfig().projects.find((p) => p.name === scoped.data.project)?.target
      : undefined;
  if (!scoped.success || !role || !target) {
    log("warn", "action refused", { action: name, actor: actor.username, reason: "project" });
    if (audit) {
      const asked = (rawInput as { project?: unknown } | null)?.project;
      const project = typeof asked === "string" ? asked.slice(0, 64) : "";
      await recordRefusal(actor, project, "", audit.action, rawInput);
    }
    return fail({ code: "forbidden", message: "You have no access to that project." });
  }
  const project = scoped.data.project;
  if (!allows(role, permission)) {
    log("warn", "action refused", { action: name, actor: actor.username, project, role });
    if (audit) await recordRefusal(actor, project, role, audit.action, rawInput);
    return fail({
      code: "forbidden",
      message: `This needs ${NEEDED[permission]}; you are a ${ROLE_LABEL[role].toLowerCase()} in ${project}.`,
    });
  }
  const illFormed = illFormedField(rawInput);
  if (illFormed !== undefined) {
    const message = "Text must be valid Unicode (it holds half of a surrogate pair)";
    if (audit) await recordRefusal(actor, project, role, audit.action, rawInput, "invalid_input");
    return fail({ code: "invalid_input", message, fieldErrors: { [illFormed]: [message] } });
  }
  const parsed = schema.safeParse(rawInput);
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error);
    const first = parsed.error.issues[0]?.message ?? "Input is invalid";
    if (audit) await recordRefusal(actor, project, role, audit.action, rawInput, "invalid_input");
    return fail({ code: "invalid_input", message: first, fieldErrors });
  }
  if (permission === "manage") {
    const limited = await mutationRefused(actor, project, name);
    if (limited) return limited;
  }
  // The record is written before LiveKit is touched: no record, no change.
  let auditId: number | undefined;
  if (audit) {
    try {
      auditId = await (
        await auditStore()
      ).store.record({
        actor: actor.username,
        role,
        project,
        action: audit.action,
        target: audit.target(parsed.data),
        params: audit.params?.(parsed.data),
        outcome: "pending",
      });
    } catch (e) {
      log("error", "audit write failed", { action: name }, e);
      return fail({ code: "audit_unavailable", message: AUDIT_DOWN });
    }
  }
  const result = await callHandler(name, actor, project, target, () =>
    handler(parsed.data, { actor, role, project, target, rs: roomService(target) }),
  );
  if (auditId === undefined || !audit) return result;
  try {
    const { store } = await auditStore();
    if (result.ok)
      await store.finish(auditId, "ok", { disconnected: audit.disconnected?.(result.data) ?? 0 });
    else await store.finish(auditId, "failed", { errorCode: result.error.code });
  } catch (e) {
    log("error", "audit completion failed", { action: name, auditId }, e);
    if (result.ok) {
      return fail({
        code: "audit_unavailable",
        message:
          "LiveKit carried out the change, but its audit record could not be completed (it stays marked pending). Check the audit database.",
      });
    }
  }
  return result;
}

/** Per-user mutation budget (MUTATIONS_PER_MINUTE), counted in the database all bundles share. */
async function mutationRefused(
  actor: Actor,
  project: string,
  name: string,
): Promise<ActionResult<never> | undefined> {
  const perMinute = onCall().mutationsPerMinute;
  let verdict: { allowed: boolean; retryAfterSec: number };
  try {
    verdict = await (await auditStore()).security.countMutation(actor.username, perMinute);
  } catch (e) {
    log("error", "rate count failed", { action: name }, e);
    return fail({ code: "audit_unavailable", message: AUDIT_DOWN });
  }
  if (verdict.allowed) return undefined;
  log("warn", "action rate-limited", { action: name, actor: actor.username, project });
  return fail({
    code: "rate_limited",
    message: `You have made ${perMinute} changes in the last minute, the most allowed. Wait ${verdict.retryAfterSec} s and try again.`,
  });
}

async function callHandler<T>(
  name: string,
  actor: Actor,
  project: string,
  target: LiveKitTarget,
  call: () => Promise<T>,
): Promise<ActionResult<T>> {
  try {
    return ok(await call());
  } catch (e) {
    if (e instanceof ActionFailure) return fail(e.appError);
    const appError = toAppError(e, target.url);
    log(
      appError.code === "internal" ? "error" : "warn",
      "action failed",
      { action: name, actor: actor.username, project, code: appError.code },
      e,
    );
    return fail(appError);
  }
}

/** Declares a server action. Export the result from a "use server" module. */
export function defineAction<S extends z.ZodType, T>(
  name: string,
  permission: Permission,
  schema: S,
  handler: (input: z.output<S>, ctx: ActionContext) => Promise<T>,
  audit?: AuditSpec<z.output<S>, T>,
): (input: z.input<S>) => Promise<ActionResult<T>> {
  if (permission === "manage" && !audit)
    throw new Error(`${name} changes LiveKit but has no audit spec`);
  return async (input) => runGuarded(name, permission, schema, input, handler, audit);
}

/** HTTP status for a failed result, for route handlers. */
export function httpStatus(result: ActionResult<unknown>): number {
  if (result.ok) return 200;
  const byCode: Partial<Record<string, number>> = {
    unauthenticated: 401,
    forbidden: 403,
    invalid_input: 400,
    not_found: 404,
    audit_unavailable: 503,
    timeout: 504,
    rate_limited: 429,
    conflict: 409,
    unreachable: 502,
    unauthorized: 502,
    config: 500,
  };
  return byCode[result.error.code] ?? 500;
}
