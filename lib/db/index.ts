import "server-only";
import { openAuditStore, type OpenedStore } from "@/lib/db/open";
import type { AuditEntry } from "@/lib/db/audit-store";
import { log } from "@/lib/logger";

const KEY = Symbol.for("livekit-admin.audit");
type Holder = { [KEY]?: Promise<OpenedStore> };

/** The process's audit store, opened (and migrated) once. A failed open is retried next time. */
export function auditStore(): Promise<OpenedStore> {
  const g = globalThis as Holder;
  g[KEY] ??= openAuditStore(process.env).then(
    (s) => {
      log("info", "audit store open", { kind: s.kind, where: s.where });
      return s;
    },
    (e: unknown) => {
      g[KEY] = undefined;
      throw e;
    },
  );
  return g[KEY];
}

/** Closes the store (tests, and a clean shutdown); the next use opens it again. */
export async function closeAuditStore(): Promise<void> {
  const g = globalThis as Holder;
  const opened = g[KEY];
  g[KEY] = undefined;
  if (opened) await (await opened.catch(() => undefined))?.close();
}

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
    await (await auditStore()).store.record(entry);
    return true;
  } catch (e) {
    logLostAudit(entry, e);
    return false;
  }
}
