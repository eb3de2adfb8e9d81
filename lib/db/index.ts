import "server-only";
import { openDatabase, type Database } from "@/lib/db/open";
import { log } from "@/lib/logger";

const KEY = Symbol.for("livekit-admin.audit");
type Holder = { [KEY]?: Promise<Database> };

/** The process's database, opened (and migrated) once. A failed open is retried next time. */
export function database(): Promise<Database> {
  const g = globalThis as Holder;
  g[KEY] ??= openDatabase(process.env).then(
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

/** Closes the database (tests, and a clean shutdown); the next use opens it again. */
export async function closeDatabase(): Promise<void> {
  const g = globalThis as Holder;
  const opened = g[KEY];
  g[KEY] = undefined;
  if (opened) await (await opened.catch(() => undefined))?.close();
}
