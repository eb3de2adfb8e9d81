import "server-only";
import { MIGRATIONS } from "@/lib/db/migrations";
import type { Sql } from "@/lib/db/sql";

/** Applies the migrations not yet applied, one transaction, serialised across processes. */
export async function migrate(sql: Sql): Promise<void> {
  await sql.query("BEGIN");
  try {
    await sql.query("SELECT pg_advisory_xact_lock(727274)");
    await sql.query(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
    );
    const done = new Set(
      (await sql.query<{ version: number }>("SELECT version FROM schema_migrations")).rows.map(
        (r) => r.version,
      ),
    );
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      await (sql.exec ? sql.exec(m.sql) : sql.query(m.sql));
      await sql.query("INSERT INTO schema_migrations (version) VALUES ($1)", [m.version]);
    }
    await sql.query("COMMIT");
  } catch (e) {
    await sql.query("ROLLBACK");
    throw e;
  }
}
