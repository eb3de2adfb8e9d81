import "server-only";
import type { z } from "zod";
import { accessConfig } from "@/lib/auth/access";
import { projectNameSchema } from "@/lib/auth/project-name";
import { allows, ROLE_LABEL, type Permission, type Role } from "@/lib/auth/roles";
import { currentActor, roleOf, SessionStoreUnavailable, type Actor } from "@/lib/auth/session";
import { ConfigError, type LiveKitTarget } from "@/lib/config-schema";
import { settings } from "@/lib/env";
import { log } from "@/lib/logger";
import { database } from "@/lib/db";
import { fieldErrorsOf } from "@/lib/procedures/field-errors";
import { fail, ok, type ActionResult } from "@/lib/procedures/result";
import type { AnyProcedure } from "@/lib/procedures/procedure";
import { AUDIT_DOWN, recordRefusal } from "@/lib/procedures/pipeline/audit";

/** The caller, once the session stands; then the project it may reach, with its role there. */
export type Scope = { actor: Actor; project: string; role: Role; target: LiveKitTarget };

const NEEDED: Record<Permission, string> = {
  view: "access to this project",
  manage: "the operator or admin role",
  administer: "the admin role",
};

/** 1. Who is calling: a signed, unrevoked session of an operator who is still configured. */
export async function authenticate(p: AnyProcedure): Promise<ActionResult<Actor>> {
  let actor: Actor | undefined;
  try {
    actor = await currentActor();
  } catch (e) {
    if (e instanceof SessionStoreUnavailable) {
      // Refused without a record (the database is what is down): the log line is the trace.
      log("error", "session store unavailable", { action: p.name, auditLost: true }, e);
      return fail({
        code: "audit_unavailable",
        message:
          "The console's database cannot be reached, so your session cannot be checked. Check DATABASE_URL (or the data folder) and retry.",
      });
    }
    log("error", "configuration invalid", { action: p.name }, e);
    const message = e instanceof ConfigError ? e.problems.join("; ") : "Configuration is invalid.";
    return fail({ code: "config", message: `The console is misconfigured: ${message}` });
  }
  if (!actor)
    return fail({
      code: "unauthenticated",
      message: "You are signed out (or your session expired). Sign in again.",
    });
  return ok(actor);
}

/**
 * 2. Which project: one the caller belongs to, read from the configuration once, so a change
 * of configuration during the call is a refusal, never a half-read project.
 */
export async function scopeToProject(
  p: AnyProcedure,
  actor: Actor,
  asked: unknown,
  raw: unknown,
): Promise<ActionResult<Scope>> {
  const parsed = projectNameSchema.safeParse(asked);
  const role = parsed.success ? roleOf(actor, parsed.data) : undefined;
  const target =
    parsed.success && role
      ? accessConfig().projects.find((x) => x.name === parsed.data)?.target
      : undefined;
  if (!parsed.success || !role || !target) {
    log("warn", "action refused", { action: p.name, actor: actor.username, reason: "project" });
    const project = typeof asked === "string" ? asked.slice(0, 64) : "";
    await recordRefusal(p, { actor, project, role: "" }, raw, "forbidden");
    return fail({ code: "forbidden", message: "You have no access to that project." });
  }
  return ok({ actor, project: parsed.data, role, target });
}

/** 3. May this role do this here? */
export async function authorize(
  p: AnyProcedure,
  scope: Scope,
  raw: unknown,
): Promise<ActionResult<Scope>> {
  const needed = p.permissionNow?.() ?? p.permission;
  if (needed !== "nobody" && allows(scope.role, needed)) return ok(scope);
  const { actor, project, role } = scope;
  log("warn", "action refused", { action: p.name, actor: actor.username, project, role });
  await recordRefusal(p, scope, raw, "forbidden");
  return fail({
    code: "forbidden",
    message:
      needed === "nobody"
        ? "This deployment has turned this off (ask whoever runs the console)."
        : `This needs ${NEEDED[needed]}; you are a ${ROLE_LABEL[role].toLowerCase()} in ${project}.`,
  });
}

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

/** 4. The input, checked by the procedure's schema (field errors name the field and the rule). */
export async function parse(
  p: AnyProcedure,
  scope: Scope,
  raw: unknown,
): Promise<ActionResult<unknown>> {
  const illFormed = illFormedField(raw);
  if (illFormed !== undefined) {
    const message = "Text must be valid Unicode (it holds half of a surrogate pair)";
    await recordRefusal(p, scope, raw, "invalid_input");
    return fail({ code: "invalid_input", message, fieldErrors: { [illFormed]: [message] } });
  }
  const parsed = (p.input as z.ZodType).safeParse(raw);
  if (parsed.success) return ok(parsed.data);
  await recordRefusal(p, scope, raw, "invalid_input");
  return fail({
    code: "invalid_input",
    message: parsed.error.issues[0]?.message ?? "Input is invalid",
    fieldErrors: fieldErrorsOf(parsed.error),
  });
}

/** 5. Changes count against the caller's budget (MUTATIONS_PER_MINUTE), shared by every bundle. */
export async function withinBudget(p: AnyProcedure, scope: Scope): Promise<ActionResult<Scope>> {
  if (p.permission !== "manage") return ok(scope);
  const perMinute = settings().mutationsPerMinute;
  let verdict: { allowed: boolean; retryAfterSec: number };
  try {
    verdict = await (await database()).security.countMutation(scope.actor.username, perMinute);
  } catch (e) {
    log("error", "rate count failed", { action: p.name }, e);
    return fail({ code: "audit_unavailable", message: AUDIT_DOWN });
  }
  if (verdict.allowed) return ok(scope);
  log("warn", "action rate-limited", {
    action: p.name,
    actor: scope.actor.username,
    project: scope.project,
  });
  return fail({
    code: "rate_limited",
    message: `You have made ${perMinute} changes in the last minute, the most allowed. Wait ${verdict.retryAfterSec} s and try again.`,
  });
}
