import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { AuditStore } from "@/lib/db/audit-store";
import { migrate } from "@/lib/db/migrate";
import type { Sql } from "@/lib/db/sql";
import { SecurityStore } from "@/lib/auth/security-store";
import { Throttle } from "@/lib/auth/throttle";
import { HistoryStore } from "@/lib/history/store";
import { BulkStore } from "@/lib/db/bulk-store";
import { LeaseStore } from "@/lib/db/lease-store";
import { OidcStore } from "@/lib/db/oidc-store";
import { WatchStore } from "@/lib/db/watch-store";

/**
 * The console's database, open: a store for each kind of state every instance shares (the audit
 * trail, security state, history, bulk deletes, leases) over one connection pool.
 */
export type Database = {
  audit: AuditStore;
  security: SecurityStore;
  throttle: Throttle;
  history: HistoryStore;
  /** Bulk deletes, which any instance shows and another instance finishes. */
  bulk: BulkStore;
  /** Work one caller may have in flight once (a bulk-delete preview), across instances. */
  leases: LeaseStore;
  /** Sign-ins through the OpenID provider in progress, and the sessions they made. */
  oidc: OidcStore;
  /** Watches from token to end, so the server holds WATCH_MAX_MIN (lib/procedures/pipeline/watch-maximum.ts). */
  watches: WatchStore;
  /** The database itself (health checks, tests). */
  sql: Sql;
  kind: "postgres" | "pglite";
  where: string;
  /** This deployment's identity (the same for every instance sharing the database). */
  deploymentId: string;
  close: () => Promise<void>;
};

/**
 * PostgreSQL when DATABASE_URL is set, otherwise an embedded PGlite database in the data folder
 * (LIVEKIT_ADMIN_DATA_DIR, default ./.data). The same migrations run on both.
 */
export async function openDatabase(env: Record<string, string | undefined>): Promise<Database> {
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
      await migrate(client);
    } finally {
      client.release();
    }
    const url = new URL(env.DATABASE_URL);
    return {
      ...stores(pool, false),
      deploymentId: await deploymentId(pool),
      kind: "postgres",
      where: `${url.host}${url.pathname}`,
      close: () => pool.end(),
    };
  }
  const dir = path.resolve(env.LIVEKIT_ADMIN_DATA_DIR ?? ".data", "pglite");
  mkdirSync(dir, { recursive: true });
  const { PGlite } = await import("@electric-sql/pglite");
  // Trigram search by room name (migration 14); PGlite ships the extension, loaded on request.
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const db = await PGlite.create(dir, { extensions: { pg_trgm } });
  await migrate(db);
  return {
    // The embedded database: this process is its only writer.
    ...stores(db, true),
    deploymentId: await deploymentId(db),
    kind: "pglite",
    where: dir,
    close: () => db.close(),
  };
}

function stores(sql: Sql, soleWriter: boolean) {
  const audit = new AuditStore(sql);
  return {
    audit,
    security: new SecurityStore(sql, audit),
    throttle: new Throttle(sql),
    history: new HistoryStore(sql, { soleWriter }),
    bulk: new BulkStore(sql),
    leases: new LeaseStore(sql),
    oidc: new OidcStore(sql),
    watches: new WatchStore(sql),
    sql,
  };
}

async function deploymentId(sql: Sql): Promise<string> {
  const { rows } = await sql.query<{ id: string }>("SELECT id FROM deployment");
  if (!rows[0]) throw new Error("the deployment table is empty: the database was not migrated");
  return rows[0].id;
}
