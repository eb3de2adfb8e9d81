import "server-only";
import type { z } from "zod";
import type { RoomServiceClient } from "livekit-server-sdk";
import { fail, ok, type ActionResult, type FieldErrors } from "@/lib/actions/result";
import { ActionFailure } from "@/lib/actions/failure";
import { ConfigError, type LiveKitTarget } from "@/lib/config-schema";
import { liveKitTarget } from "@/lib/env";
import { roomService } from "@/lib/livekit/client";
import { toAppError } from "@/lib/livekit/errors";
import { log } from "@/lib/logger";

/** What an action may do. Reads are "view"; anything that changes LiveKit is "manage". */
export type Permission = "view" | "manage";

export type Actor = { id: string; role: "admin" };

export type ActionContext = { actor: Actor; target: LiveKitTarget; rs: RoomServiceClient };

/**
 * Who is calling. Until sign-in exists the console is a single-operator tool bound to
 * loopback; this is the one place where session and role checks go.
 */
async function authorize(_permission: Permission): Promise<Actor> {
  return { id: "local", role: "admin" };
}

function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join(".") : "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/**
 * The one pipeline every server action and route handler runs through:
 * caller → configuration → input (zod) → LiveKit call → typed, safe result.
 */
export async function runGuarded<S extends z.ZodType, T>(
  name: string,
  permission: Permission,
  schema: S,
  rawInput: unknown,
  handler: (input: z.output<S>, ctx: ActionContext) => Promise<T>,
): Promise<ActionResult<T>> {
  const actor = await authorize(permission);
  let target: LiveKitTarget;
  try {
    target = liveKitTarget();
  } catch (e) {
    log("error", "configuration invalid", { action: name }, e);
    const message = e instanceof ConfigError ? e.problems.join("; ") : "Configuration is invalid.";
    return fail({ code: "config", message: `The console is misconfigured: ${message}` });
  }
  const parsed = schema.safeParse(rawInput);
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error);
    const first = parsed.error.issues[0]?.message ?? "Input is invalid";
    return fail({ code: "invalid_input", message: first, fieldErrors });
  }
  try {
    return ok(await handler(parsed.data, { actor, target, rs: roomService(target) }));
  } catch (e) {
    if (e instanceof ActionFailure) return fail(e.appError);
    const appError = toAppError(e, target.url);
    log(
      appError.code === "internal" ? "error" : "warn",
      "action failed",
      {
        action: name,
        actor: actor.id,
        code: appError.code,
      },
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
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return async (input) => runGuarded(name, permission, schema, input, handler);
}
