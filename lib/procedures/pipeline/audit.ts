import "server-only";
import { database } from "@/lib/db";
import { logLostAudit, tryRecord } from "@/lib/db/audit-record";
import type { AuditEntry } from "@/lib/db/audit-store";
import type { Actor } from "@/lib/auth/session";
import { log } from "@/lib/logger";
import { fail, type ActionResult } from "@/lib/procedures/result";
import type { AnyProcedure, Recorder } from "@/lib/procedures/procedure";

export const AUDIT_DOWN =
  "The audit log cannot be written, so nothing was changed. Check DATABASE_URL (or the data folder) and retry.";

type Who = { actor: Actor; project: string; role: string };

/** What the caller sent, for the record of a refusal: top-level fields, trimmed, no secrets. */
function sentParams(raw: unknown): Record<string, unknown> {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return { input: typeof raw };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>).slice(0, 20)) {
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

/** A refused change is recorded with what was sent; refused reads are only logged. */
export async function recordRefusal(p: AnyProcedure, who: Who, raw: unknown, errorCode: string) {
  if (!p.audit) return;
  await tryRecord({
    actor: who.actor.username,
    role: who.role,
    project: who.project,
    action: p.name,
    params: sentParams(raw),
    outcome: "refused",
    errorCode,
  });
}

/** The trail bound to one caller in one project. */
export function recorderFor(who: Who): Recorder {
  const entry = (e: Omit<AuditEntry, "actor" | "role" | "project">): AuditEntry => ({
    ...e,
    actor: who.actor.username,
    role: who.role,
    project: who.project,
  });
  return {
    begin: async (action, target, params) =>
      (await database()).audit.record(entry({ action, target, params, outcome: "pending" })),
    close: async (id, { outcome, ...extra }) => (await database()).audit.finish(id, outcome, extra),
    closeIfPending: async (id, action, { outcome, errorCode }) =>
      (await database()).audit.finishPending(id, { project: who.project, action }, outcome, {
        errorCode,
      }),
    beginMany: async (action, targets, params) =>
      (await database()).audit.recordMany(
        targets.map((target) => entry({ action, target, params, outcome: "pending" })),
      ),
    closeMany: async (items) => (await database()).audit.finishMany(items),
    note: async (event) => {
      await tryRecord(entry(event));
    },
    read: async (filter) => (await database()).audit.query({ ...filter, project: who.project }),
  };
}

export type Opened = { recorder: Recorder; id?: number };

/** 6. The record of a change is written before LiveKit is touched: no record, no change. */
export async function openAudit(
  p: AnyProcedure,
  who: Who,
  input: unknown,
): Promise<ActionResult<Opened>> {
  const recorder = recorderFor(who);
  if (!p.audit) return { ok: true, data: { recorder } };
  let id: number;
  try {
    id = await recorder.begin(p.name, p.audit.target(input), p.audit.params?.(input));
  } catch (e) {
    log("error", "audit write failed", { action: p.name }, e);
    return fail({ code: "audit_unavailable", message: AUDIT_DOWN });
  }
  if (p.audit.closedBy === "handler") {
    recorder.own = {
      id,
      close: (closing) =>
        recorder.close(id, closing).catch((e: unknown) => {
          logLostAudit({ actor: who.actor.username, action: p.name, ...closing }, e);
        }),
    };
  }
  return { ok: true, data: { recorder, id } };
}

/** 8. The record ends with the call's outcome (unless the handler owns its end and succeeded). */
export async function closeAudit<T>(
  p: AnyProcedure,
  opened: Opened,
  result: ActionResult<T>,
): Promise<ActionResult<T>> {
  if (opened.id === undefined || !p.audit) return result;
  if (result.ok && p.audit.closedBy === "handler") return result;
  try {
    await opened.recorder.close(
      opened.id,
      result.ok
        ? { outcome: "ok", disconnected: p.audit.disconnected?.(result.data) ?? 0 }
        : { outcome: "failed", errorCode: result.error.code },
    );
  } catch (e) {
    log("error", "audit completion failed", { action: p.name, auditId: opened.id }, e);
    if (result.ok)
      return fail({
        code: "audit_unavailable",
        message:
          "LiveKit carried out the change, but its audit record could not be completed (it stays marked pending). Check the audit database.",
      });
  }
  return result;
}
