import { Client } from "pg";

/** The machine's PostgreSQL (trust auth), as the tests reach it. */
export const PG = "postgres://postgres@127.0.0.1:5432/test";

async function run(sql: string) {
  const c = new Client({ connectionString: PG });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/**
 * A schema of a suite's own in the machine's PostgreSQL, so its other data is never touched:
 * `url` points the console at it; create it before the suite, drop it after.
 */
export function pgSchema(prefix: string) {
  const schema = `${prefix}_${Date.now().toString(36)}`;
  return {
    schema,
    url: `${PG}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    // pg_trgm (migration 14) in public, where a DBA would put it: made by a migration instead,
    // it would live in the first suite's schema, and dropping that schema would take the other
    // suites' trigram indexes with it (suites run side by side in one database).
    create: () =>
      run(`CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public; CREATE SCHEMA ${schema}`),
    drop: () => run(`DROP SCHEMA IF EXISTS ${schema} CASCADE`),
  };
}
