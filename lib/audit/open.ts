import { mkdirSync } from "node:fs";
import path from "node:path";
import { AuditStore, migrate, type Sql } from "@/lib/audit/store";

export type OpenedStore = {
  store: AuditStore;
  kind: "postgres" | "pglite";
  where: string;
  close: () => Promise<void>;
};

/**
 * PostgreSQL when DATABASE_URL is set, otherwise an embedded PGlite database in the data folder
 * (LIVEKIT_ADMIN_DATA_DIR, default ./.data). The same migrations run on both.
 */
export async function openAuditStore(
  env: Record<string, string | undefined>,
): Promise<OpenedStore> {
  if (env.DATABASE_URL) {
    const { Pool } = await import("pg");
    const pool = new Pool({
      connectionString: env.DATABASE_URL,
      max: 10,
      connectionTimeoutMillis: 5_000,
    });
    // Transactions need one connection: migrate on a dedicated client.
    const client = await pool.connect();
    try {
      await migrate(client as unknown as Sql);
    } finally {
      client.release();
    }
    const url = new URL(env.DATABASE_URL);
    return {
      store: new AuditStore(pool as unknown as Sql),
      kind: "postgres",
      where: `${url.host}${url.pathname}`,
      close: () => pool.end(),
    };
  }
  const dir = path.resolve(env.LIVEKIT_ADMIN_DATA_DIR ?? ".data", "pglite");
  mkdirSync(dir, { recursive: true });
  const { PGlite } = await import("@electric-sql/pglite");
  const db = await PGlite.create(dir);
  await migrate(db as unknown as Sql);
  return {
    store: new AuditStore(db as unknown as Sql),
    kind: "pglite",
    where: dir,
    close: () => db.close(),
  };
}
