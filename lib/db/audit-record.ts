import "server-only";
import { database } from "@/lib/db";
import type { AuditEntry } from "@/lib/db/audit-store";
import { log } from "@/lib/logger";

/**
 * An event the audit trail could not take, written to the structured log whole, with a marker
 * (`auditLost`) to search for: while the database is down nothing is silently lost.
 */
export function logLostAudit(entry: AuditEntry, err: unknown) {
  const { params: _p, ...fields } = entry;
  log("error", "audit write failed", { auditLost: true, ...fields }, err);
}

/** Records an event; true when written. For events whose caller decides what a failure means. */
export async function tryRecord(entry: AuditEntry): Promise<boolean> {
  try {
    await (await database()).audit.record(entry);
    return true;
  } catch (e) {
    logLostAudit(entry, e);
    return false;
  }
}
