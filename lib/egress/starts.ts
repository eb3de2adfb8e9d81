import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { afterChange } from "@/lib/live/snapshots";
import { forgetEgressLists } from "@/lib/egress/list-cache";
import { log } from "@/lib/logger";
import { EGRESS_START_TIMEOUT_SEC } from "@/lib/egress/timeouts";
import { egressError, egressFailure, START_CODES, type StartCode } from "@/lib/egress/errors";
import type { StartEgressForm } from "@/lib/egress/schema";
import * as service from "@/lib/egress/service";
import type { StartState } from "@/lib/egress/types";
import { ActionFailure } from "@/lib/procedures/failure";
import type { Closing, ProcedureContext } from "@/lib/procedures/procedure";

/**
 * A start answers the browser within QUICK_MS when LiveKit does (a worker took it, or LiveKit
 * refused at once). Otherwise it goes on in the background and the browser asks how it ended:
 * with no egress worker LiveKit answers only after ~22 s, and a server action held that long
 * would hold every other action of the page behind it (Next runs one at a time per tab), so a
 * Cancel could not be sent. The outcome lives in the start's audit row (the database), so any
 * instance answers the poll and the cancel.
 */
const QUICK_MS = 1_500;
/** A pending row older than this lost its instance (a restart) before LiveKit answered. */
const ORPHAN_MS = (EGRESS_START_TIMEOUT_SEC + 15) * 1000;

export const START_ACTION = "egress.start";
export const CANCEL_ACTION = "egress.start-cancel";
export const cancelTarget = (startId: number) => `start ${startId}`;
const CANCELLED = "cancelled";

type Ctx = Pick<ProcedureContext, "audit" | "egress" | "egressStarts" | "project" | "target">;

/**
 * A start's outcome is decided once, by a compare-and-set on its audit row (closed only while
 * still pending): the background start when LiveKit answers, or a cancel that passed its
 * permission check, whichever comes first. The loser keeps the winner's word.
 */
const decide = (ctx: Pick<Ctx, "audit">, startId: number, closing: Closing) =>
  ctx.audit.closeIfPending(startId, START_ACTION, closing);

/** What the background start does once LiveKit answers: decide the row with the real outcome. */
async function settle(ctx: Ctx, startId: number, work: Promise<{ id: string }>) {
  let started: { id: string } | undefined;
  try {
    started = await work;
  } catch (e) {
    const err = egressError(e, ctx.target.url, { start: true });
    log("warn", "egress start failed", { project: ctx.project, code: err.code }, e);
    // A cancel that came first stays the answer ("cancelled"); nothing runs either way.
    await decide(ctx, startId, { outcome: "failed", errorCode: err.startCode ?? err.code });
  }
  if (started && !(await decide(ctx, startId, { outcome: "ok" }))) {
    // Cancelled before LiveKit answered, yet an egress service took it: nothing should record
    // unasked, so the loser of the decision stops it.
    await ctx.egressStarts
      .stopEgress(started.id)
      .catch((e: unknown) =>
        log(
          "error",
          "cancelled egress not stopped",
          { project: ctx.project, egressId: started.id },
          e,
        ),
      );
  }
  forgetEgressLists(ctx.project);
  await afterChange(ctx.project, ctx.target).catch(() => undefined);
}

/**
 * Without Redis, livekit-server answers a start like a missing worker, 503 "no response from
 * servers" after ~24 s, but its list says at once "egress not connected (redis required)":
 * one quick read tells the two apart before anyone waits.
 */
async function refuseWithoutRedis(ctx: Ctx) {
  const problem = await ctx.egress.listEgress({ active: true }).then(
    () => undefined,
    (e: unknown) => egressError(e, ctx.target.url),
  );
  if (problem?.code === "config")
    throw new ActionFailure({ code: problem.code, message: problem.message });
}

export async function startInBackground(ctx: Ctx, f: StartEgressForm): Promise<StartState> {
  const own = ctx.audit.own;
  if (!own) throw new Error("egress.start must own its audit record (closedBy: handler)");
  await refuseWithoutRedis(ctx);
  const work = service.startEgress(ctx.egressStarts, f);
  const quick = await Promise.race([
    work.then(
      (v) => ({ v }),
      (e: unknown) => ({ e }),
    ),
    sleep(QUICK_MS).then(() => undefined),
  ]);
  if (quick && "e" in quick) throw egressFailure(quick.e, ctx.target.url);
  if (quick) {
    await own.close({ outcome: "ok" });
    forgetEgressLists(ctx.project);
    await afterChange(ctx.project, ctx.target, f.room);
    return { state: "started", startId: own.id, egressId: quick.v.id };
  }
  void settle(ctx, own.id, work).catch((e: unknown) =>
    log("error", "egress start outcome not recorded", { project: ctx.project }, e),
  );
  return { state: "pending", startId: own.id, sinceMs: Date.now() };
}

/** A start's audit row: its outcome is how the start ended (whichever instance ran it). */
async function startRow(ctx: Pick<Ctx, "audit">, startId: number) {
  const rows = await ctx.audit.read({ action: START_ACTION, limit: 200 });
  const row = rows.find((r) => r.id === startId);
  if (!row)
    throw new ActionFailure({
      code: "not_found",
      message: "That start is unknown in this project (or older than the last 200 starts).",
    });
  return row;
}

/** Who may cancel a start: who sent it, or an admin (as for a bulk delete). */
export async function mayCancel(
  ctx: Pick<ProcedureContext, "audit" | "actor" | "role">,
  startId: number,
) {
  const row = await startRow(ctx, startId);
  if (row.actor !== ctx.actor.username && ctx.role !== "admin")
    throw new ActionFailure({
      code: "forbidden",
      message: `Only ${row.actor}, who sent this start, or an admin can cancel it.`,
    });
}

/**
 * Cancels a start still pending, for its sender or an admin. Once LiveKit has answered (the row
 * is decided), the cancel changes nothing and says how the start ended instead.
 */
export async function cancelStart(
  ctx: Pick<ProcedureContext, "audit" | "actor" | "role" | "target">,
  startId: number,
): Promise<StartState> {
  await mayCancel(ctx, startId);
  const now = await startState(ctx, startId);
  if (now.state !== "pending") return now;
  if (await decide(ctx, startId, { outcome: "failed", errorCode: CANCELLED }))
    return { state: "cancelled", startId };
  return startState(ctx, startId);
}

/** How a start ended, read back from its audit row (whichever instance ran it). */
export async function startState(
  ctx: Pick<Ctx, "audit" | "target">,
  startId: number,
): Promise<StartState> {
  const row = await startRow(ctx, startId);
  if (row.outcome === "ok") return { state: "started", startId, egressId: "" };
  if (row.outcome === "pending") {
    const sinceMs = Date.parse(row.at);
    if (Date.now() - sinceMs < ORPHAN_MS) return { state: "pending", startId, sinceMs };
    return {
      state: "failed",
      startId,
      message:
        "The console instance that sent this start stopped before LiveKit answered. Check the list: the recording may or may not have started.",
    };
  }
  if (row.errorCode === CANCELLED) return { state: "cancelled", startId };
  const words = START_CODES[row.errorCode as StartCode];
  return {
    state: "failed",
    startId,
    message: words
      ? words(ctx.target.url)
      : `LiveKit refused the start (${row.errorCode ?? "unknown"}). The console's log has the details.`,
  };
}
