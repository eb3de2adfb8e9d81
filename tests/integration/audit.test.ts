import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "pg";
import { createRoom, deleteRoom } from "@/app/p/[project]/rooms/actions";
import { database, closeDatabase } from "@/lib/db";
import { sdk, uniqueRoom } from "../support/sdk";
import { setSessionToken } from "../support/session-cookie";
import { signSession } from "@/lib/auth/token";
import { sessionAudience } from "@/lib/auth/session";
import { SESSION_SECRET } from "./env";
import { PG, pgSchema } from "../support/pg-schema";

const pg = pgSchema("lka_test");
const saved = { DATABASE_URL: process.env.DATABASE_URL, DIR: process.env.LIVEKIT_ADMIN_DATA_DIR };
const lk = sdk();

beforeAll(pg.create);
afterAll(async () => {
  await closeDatabase();
  process.env.DATABASE_URL = saved.DATABASE_URL;
  if (saved.DATABASE_URL === undefined) delete process.env.DATABASE_URL;
  process.env.LIVEKIT_ADMIN_DATA_DIR = saved.DIR;
  await pg.drop();
});

const backends = [
  {
    name: "PostgreSQL at 127.0.0.1:5432",
    use: () => {
      // A schema of this run's own, so the real database's other data is never touched.
      process.env.DATABASE_URL = pg.url;
    },
    kind: "postgres",
  },
  {
    name: "embedded PGlite",
    use: () => {
      delete process.env.DATABASE_URL;
      process.env.LIVEKIT_ADMIN_DATA_DIR = mkdtempSync(path.join(tmpdir(), "lka-audit-"));
    },
    kind: "pglite",
  },
];

describe.each(backends)("audit trail on $name", ({ use, kind }) => {
  beforeAll(async () => {
    await closeDatabase();
    use();
  });

  it("100 concurrent mutations leave exactly 100 rows, and a restart keeps them", async () => {
    const opened = await database();
    expect(opened.kind).toBe(kind);
    const before = await opened.audit.count();
    const prefix = uniqueRoom("audit");
    const names = Array.from({ length: 100 }, (_, i) => `${prefix}-${i}`);
    const results = await Promise.all(
      names.map((name) => createRoom({ project: "default", name, maxParticipants: 3 })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(100);
    expect((await opened.audit.count()) - before).toBe(100);

    const rows = await opened.audit.query({
      project: "default",
      action: "room.create",
      target: prefix,
      limit: 1000,
    });
    expect(rows).toHaveLength(100);
    expect(new Set(rows.map((r) => r.target))).toEqual(new Set(names));
    expect(
      rows.every(
        (r) =>
          r.outcome === "ok" && r.actor === "root" && r.role === "admin" && r.finishedAt !== null,
      ),
    ).toBe(true);
    expect(rows[0]!.params).toEqual({ maxParticipants: 3 });

    // "Restart the console": close everything and open the database again from configuration.
    await closeDatabase();
    const reopened = await database();
    expect(
      await reopened.audit.query({ action: "room.create", target: prefix, limit: 1000 }),
    ).toHaveLength(100);
    await Promise.all(names.map((n) => lk.deleteRoom(n)));
  }, 60_000);

  it("records failures with their code, and the number of participants a delete disconnected", async () => {
    const name = uniqueRoom("audit-del");
    await lk.createRoom({ name });
    expect((await deleteRoom({ project: "default", name, confirmedParticipants: 0 })).ok).toBe(
      true,
    );
    await createRoom({ project: "default", name: uniqueRoom("dup-src") });
    const again = await createRoom({ project: "default", name, metadata: "x" });
    expect(again.ok).toBe(true);
    const dup = await createRoom({ project: "default", name });
    expect(dup).toMatchObject({ ok: false, error: { code: "already_exists" } });
    const { audit } = await database();
    const [last] = await audit.query({ target: name, action: "room.create", limit: 1 });
    expect(last).toMatchObject({ outcome: "failed", errorCode: "already_exists" });
    const [del] = await audit.query({ target: name, action: "room.delete", limit: 1 });
    expect(del).toMatchObject({
      outcome: "ok",
      disconnected: 0,
      params: { confirmedParticipants: 0 },
    });
    await lk.deleteRoom(name);
  });
});

describe("when the audit store cannot be written", () => {
  it("the action fails and LiveKit is not touched (no record, no change)", async () => {
    await closeDatabase();
    process.env.DATABASE_URL = pg.url;
    await database();
    // Another database is another deployment: the session is signed for this one.
    setSessionToken(
      await signSession("root", new TextEncoder().encode(SESSION_SECRET), {
        audience: await sessionAudience(),
      }),
    );
    // Sessions can still be checked; only the audit insert fails.
    const c = new Client({ connectionString: PG });
    await c.connect();
    await c.query(`CREATE FUNCTION ${pg.schema}.refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit refused by test'; END $$`);
    await c.query(
      `CREATE TRIGGER refuse BEFORE INSERT ON ${pg.schema}.audit_events FOR EACH ROW EXECUTE FUNCTION ${pg.schema}.refuse()`,
    );
    try {
      const name = uniqueRoom("unaudited");
      expect(await createRoom({ project: "default", name })).toEqual({
        ok: false,
        error: {
          code: "audit_unavailable",
          message:
            "The audit log cannot be written, so nothing was changed. Check DATABASE_URL (or the data folder) and retry.",
        },
      });
      expect(await lk.listRooms([name])).toEqual([]);
    } finally {
      await c.query(`DROP TRIGGER refuse ON ${pg.schema}.audit_events`);
      await c.end();
      await closeDatabase();
    }
  });

  it("with the database unreachable, sessions are not trusted and LiveKit is not touched", async () => {
    await closeDatabase();
    process.env.DATABASE_URL = "postgres://postgres@127.0.0.1:1/nowhere";
    const name = uniqueRoom("unchecked");
    const r = await createRoom({ project: "default", name });
    expect(r).toMatchObject({ ok: false, error: { code: "audit_unavailable" } });
    expect(r.ok ? "" : r.error.message).toMatch(/database cannot be reached/);
    expect(await lk.listRooms([name])).toEqual([]);
    await closeDatabase();
  });
});
