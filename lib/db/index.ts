import "server-only";
import { openDatabase, type Database } from "@/lib/db/open";
import { log } from "@/lib/logger";
import { processSingleton } from "@/lib/process-singleton";

/** This process's database once opened (closeDatabase clears it); its key predates lib/db. */
const held = () => processSingleton("audit", (): { opened?: Promise<Database> } => ({}));

/** The process's database, opened (and migrated) once. A failed open is retried next time. */
export function database(): Promise<Database> {
  const g = held();
  g.opened ??= openDatabase(process.env).then(
    (s) => {
      log("info", "audit store open", { kind: s.kind, where: s.where });
      return s;
    },
    (e: unknown) => {
      g.opened = undefined;
      throw e;
    },
  );
  return g.opened;
}

/** Closes the database (tests, and a clean shutdown); the next use opens it again. */
export async function closeDatabase(): Promise<void> {
  const g = held();
  const opened = g.opened;
  g.opened = undefined;
  if (opened) await (await opened.catch(() => undefined))?.close();
}
