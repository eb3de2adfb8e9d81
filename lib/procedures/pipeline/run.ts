import "server-only";
import type { z } from "zod";
import { watchesFor } from "@/lib/procedures/pipeline/watches";
import {
  agentDispatch,
  egressService,
  egressStarts,
  ingressService,
  roomService,
  sipService,
} from "@/lib/livekit/client";
import { toAppError } from "@/lib/livekit/errors";
import { bulkFor } from "@/lib/procedures/pipeline/bulk";
import { log } from "@/lib/logger";
import { ActionFailure } from "@/lib/procedures/failure";
import { fail, ok, type ActionResult } from "@/lib/procedures/result";
import type { AnyProcedure, Procedure } from "@/lib/procedures/procedure";
import { closeAudit, openAudit, type Opened } from "@/lib/procedures/pipeline/audit";
import { historyFor } from "@/lib/procedures/pipeline/history";
import { oneAtATimeFor } from "@/lib/procedures/pipeline/one-at-a-time";
import {
  authenticate,
  authorize,
  parse,
  scopeToProject,
  withinBudget,
  type Scope,
} from "@/lib/procedures/pipeline/steps";

/** 7. The handler, with LiveKit's failures mapped to safe, plain messages. */
async function call(
  p: AnyProcedure,
  scope: Scope,
  input: unknown,
  opened: Opened,
): Promise<ActionResult<unknown>> {
  const { actor, project, target } = scope;
  try {
    return ok(
      await p.handler(input, {
        ...scope,
        rs: roomService(target),
        sip: sipService(target),
        ads: agentDispatch(target),
        egress: egressService(target),
        egressStarts: egressStarts(target),
        ingress: ingressService(target),
        audit: opened.recorder,
        history: historyFor(project),
        bulk: bulkFor(scope, opened.recorder),
        watches: watchesFor(scope),
        oneAtATime: oneAtATimeFor(scope),
      }),
    );
  } catch (e) {
    if (e instanceof ActionFailure) return fail(e.appError);
    const appError = toAppError(e, target.url);
    log(
      appError.code === "internal" ? "error" : "warn",
      "action failed",
      { action: p.name, actor: actor.username, project, code: appError.code },
      e,
    );
    return fail(appError);
  }
}

/**
 * The one pipeline every server action, GET route and server-rendered read runs through:
 * authenticate → scope to project → authorize → parse → budget → audit → call → close.
 * Server actions are public HTTP endpoints: nothing else protects them.
 */
export async function run<S extends z.ZodType, T>(
  procedure: Procedure<S, T>,
  project: unknown,
  raw: unknown,
): Promise<ActionResult<T>> {
  const p = procedure as AnyProcedure;
  const actor = await authenticate(p);
  if (!actor.ok) return actor;
  const scoped = await scopeToProject(p, actor.data, project, raw);
  if (!scoped.ok) return scoped;
  const allowed = await authorize(p, scoped.data, raw);
  if (!allowed.ok) return allowed;
  const input = await parse(p, scoped.data, raw);
  if (!input.ok) return input;
  const budget = await withinBudget(p, scoped.data);
  if (!budget.ok) return budget;
  const opened = await openAudit(p, scoped.data, input.data);
  if (!opened.ok) return opened;
  const result = (await call(p, scoped.data, input.data, opened.data)) as ActionResult<T>;
  return closeAudit(p, opened.data, result);
}

/** A server-rendered read: the page's first screen passes the same steps as every call. */
export const read = <S extends z.ZodType, T>(
  p: Procedure<S, T>,
  project: string,
  input: z.input<S>,
): Promise<ActionResult<T>> => run(p, project, input);
