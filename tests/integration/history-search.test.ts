import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { isValidElement, type ReactNode } from "react";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import HistoryPage from "@/app/p/[project]/history/page";
import { closeDatabase, database } from "@/lib/db";
import type { Sql } from "@/lib/db/sql";
import { HistoryStore } from "@/lib/history/store";
import type { HistoryList } from "@/lib/history/view";
import type { ActionResult } from "@/lib/procedures/result";
import { apiGet } from "../support/api";
import { pgSchema } from "../support/pg-schema";

/**
 * Search by room name with the trigram index (migration 14) on PostgreSQL and on PGlite: the
 * same sessions as without it, LIKE's own characters matched as typed, and the History page's
 * note when the index is absent. Retention's prune deletes what it should, in batches.
 */
const project = "default";

/** Names that LIKE, its escape and case folding could confuse, each with a decoy. */
const NAMES = [
  "100% sure",
  "100x sure",
  "a_b",
  "aXb",
  "back\\slash",
  "backslash",
  "Café Ωmega",
  "Cafe Omega",
  "日本語の部屋",
  "日本の部屋",
  "Weekly Standup",
];

/** What each search must find (among NAMES), whatever plan the database picks. */
const EXPECTED: [string, string[]][] = [
  ["%", ["100% sure"]],
  ["0% s", ["100% sure"]],
  ["_", ["a_b"]],
  ["a_b", ["a_b"]],
  ["\\", ["back\\slash"]],
  ["k\\s", ["back\\slash"]],
  ["é Ω", ["Café Ωmega"]],
  ["Ωmega", ["Café Ωmega"]],
  ["本語の", ["日本語の部屋"]],
  ["の部屋", ["日本の部屋", "日本語の部屋"]],
  ["weekly stand", ["Weekly Standup"]],
  ["STANDUP", ["Weekly Standup"]],
  ["sure", ["100% sure", "100x sure"]],
  ["nowhere", []],
];

const search = async (q: string) => {
  const r = await apiGet<ActionResult<HistoryList>>(
    `/api/p/${project}/history?q=${encodeURIComponent(q)}`,
  );
  if (!r.body.ok) throw new Error(r.body.error.message);
  return r.body.data;
};
const names = (l: HistoryList) => l.sessions.map((s) => s.name).sort();

async function addSessions() {
  const { history } = await database();
  const now = Date.now();
  await history.addListed(
    project,
    NAMES.map((name, i) => ({
      sid: `RM_search_${i}`,
      name,
      createdAt: new Date(now - i * 1000),
      participants: 0,
    })),
  );
}

/** Every string under a React element tree the page returned (its own markup, not clients'). */
function texts(node: ReactNode): string[] {
  if (typeof node === "string" || typeof node === "number") return [String(node)];
  if (Array.isArray(node)) return node.flatMap(texts);
  if (isValidElement<{ children?: ReactNode }>(node)) return texts(node.props.children);
  return [];
}
const pageText = async () =>
  texts(
    await HistoryPage({
      params: Promise.resolve({ project }),
      searchParams: Promise.resolve({}),
    }),
  ).join("");

const schema = pgSchema("lka_hsearch");

describe.each([
  {
    name: "PostgreSQL",
    use: () => {
      process.env.DATABASE_URL = schema.url;
    },
  },
  {
    name: "PGlite",
    use: () => {
      delete process.env.DATABASE_URL;
      process.env.LIVEKIT_ADMIN_DATA_DIR = mkdtempSync(path.join(tmpdir(), "lka-hsearch-"));
    },
  },
])("search by room name on $name", ({ name, use }) => {
  const saved = { url: process.env.DATABASE_URL, dir: process.env.LIVEKIT_ADMIN_DATA_DIR };
  beforeAll(async () => {
    if (name === "PostgreSQL") await schema.create();
    await closeDatabase();
    use();
    await addSessions();
  });
  afterAll(async () => {
    await closeDatabase();
    if (saved.url === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved.url;
    process.env.LIVEKIT_ADMIN_DATA_DIR = saved.dir;
    if (name === "PostgreSQL") await schema.drop();
  });

  it("has the trigram index, finds what ILIKE finds, and says nothing about slowness", async () => {
    const db = await database();
    expect(await db.history.searchIndexed()).toBe(true);
    for (const [q, expected] of EXPECTED) {
      const l = await search(q);
      expect(names(l), q).toEqual([...expected].sort());
      expect(l.searchSlow).toBe(false);
    }
    expect(await pageText()).not.toContain("slower on this database");
  });

  it("gives the same answers when the database must use the trigram index", async () => {
    // A handful of rows: the planner would rather read them all. Forbid that on a connection
    // of our own (PGlite has only one), and check that the plan is the index's.
    const db = await database();
    const own = name === "PostgreSQL" ? new Client({ connectionString: schema.url }) : undefined;
    await own?.connect();
    const sql: Sql = own ?? db.sql;
    try {
      await sql.query("SET enable_seqscan = off");
      await sql.query("SET enable_indexscan = off");
      const { rows } = await sql.query<{ "QUERY PLAN": string }>(
        "EXPLAIN SELECT room_sid FROM room_sessions WHERE room_name ILIKE '%0\\% s%'",
      );
      expect(rows.map((r) => r["QUERY PLAN"]).join("\n")).toContain("room_sessions_name_trgm");
      const store = new HistoryStore(sql);
      for (const [q, expected] of EXPECTED) {
        const found = await store.sessions(project, { q, limit: 51 });
        expect(found.map((s) => s.roomName).sort(), q).toEqual([...expected].sort());
      }
    } finally {
      await sql.query("RESET enable_seqscan");
      await sql.query("RESET enable_indexscan");
      await own?.end();
    }
  });

  // PGlite always has pg_trgm (lib/db/open.ts loads it): only PostgreSQL can be without it.
  if (name === "PostgreSQL")
    it("without the index (no pg_trgm): the same answers, and the page says search is slower", async () => {
      const c = new Client({ connectionString: schema.url });
      await c.connect();
      await c.query("DROP INDEX room_sessions_name_trgm");
      await c.end();
      // The store asks once whether the index exists: a new one, as after a restart.
      await closeDatabase();
      expect(await (await database()).history.searchIndexed()).toBe(false);
      for (const [q, expected] of EXPECTED) {
        const l = await search(q);
        expect(names(l), q).toEqual([...expected].sort());
        expect(l.searchSlow).toBe(true);
      }
      expect(await pageText()).toContain(
        "Search by room name is slower on this database: it has no trigram index",
      );
    });
});

describe("retention prune", () => {
  const pg = pgSchema("lka_hprune");
  const saved = process.env.DATABASE_URL;
  beforeAll(async () => {
    await pg.create();
    await closeDatabase();
    process.env.DATABASE_URL = pg.url;
  });
  afterAll(async () => {
    await closeDatabase();
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
    await pg.drop();
  });

  it("deletes every event and ended session before the cutoff, in batches, and nothing else", async () => {
    const { sql, history } = await database();
    const old = "now() - interval '40 days'";
    // 2,500 old events (more than two batches of 1,000), 10 recent, in 25 + 1 sessions; two
    // old sessions are still open, and stay.
    await sql.query(
      `INSERT INTO webhook_events (project, id, event, at, room_sid, room_name, payload)
       SELECT 'default', 'EV_old_' || g, 'participant_joined', ${old} + g * interval '1 second',
              'RM_old_' || (g % 25), 'old', '{}'::jsonb FROM generate_series(1, 2500) g`,
    );
    await sql.query(
      `INSERT INTO webhook_events (project, id, event, at, room_sid, room_name, payload)
       SELECT 'default', 'EV_new_' || g, 'participant_joined', now(), 'RM_new', 'new', '{}'::jsonb
       FROM generate_series(1, 10) g`,
    );
    await sql.query(
      `INSERT INTO room_sessions (project, room_sid, room_name, started_at, ended_at)
       SELECT 'default', 'RM_old_' || g, 'old', ${old}, CASE WHEN g < 23 THEN ${old} + interval '1 hour' END
       FROM generate_series(0, 24) g`,
    );
    await sql.query(
      `INSERT INTO room_sessions (project, room_sid, room_name, started_at, ended_at)
       VALUES ('other', 'RM_other_old', 'old', ${old}, ${old}), ('default', 'RM_new', 'new', now(), NULL)`,
    );
    const cutoff = new Date(Date.now() - 30 * 86_400_000);
    expect(await history.prune(cutoff, { restMs: 1 })).toBe(2_500);
    const count = async (q: string) =>
      Number((await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${q}`)).rows[0]!.n);
    expect(await count("webhook_events WHERE at < now() - interval '30 days'")).toBe(0);
    expect(await count("webhook_events")).toBe(10);
    // Ended sessions of every project go; open ones (their room may be live) and new ones stay.
    expect(await count("room_sessions WHERE ended_at IS NOT NULL")).toBe(0);
    expect(await count("room_sessions WHERE room_sid LIKE 'RM_old_%'")).toBe(2);
    expect(await history.session(project, "RM_new")).toBeDefined();
    expect(await history.prune(cutoff)).toBe(0);
  });
});
