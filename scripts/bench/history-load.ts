/** Synthetic history for the benchmarks: sessions and their webhook events, loaded in bulk. */
import type { Pool } from "pg";

/** Sessions per INSERT statement (ten events each): a statement stays a few seconds long. */
const CHUNK = 100_000;

/**
 * `sessions` room sessions, newest first, one every 2.5 s back from now (1,000,000 reach back
 * ~29 days), each with 10 events: opened, 4 joins, 4 leaves, closed, 2 minutes apart. The
 * newest 18 minutes' sessions are still open. Room names repeat every 50,000 sessions.
 * The tables' own indexes (not their keys) are dropped for the load and built again after,
 * which is several times faster than maintaining them row by row.
 */
export async function loadHistory(pool: Pool, sessions: number, log = console.log) {
  const t0 = performance.now();
  const c = await pool.connect();
  try {
    await c.query("SET synchronous_commit = off");
    await c.query("SET maintenance_work_mem = '512MB'");
    const { rows: indexes } = await c.query<{ name: string; def: string }>(
      `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
       WHERE i.schemaname = current_schema() AND i.tablename IN ('webhook_events', 'room_sessions')
         AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)`,
    );
    for (const i of indexes) await c.query(`DROP INDEX ${i.name}`);
    for (let from = 1; from <= sessions; from += CHUNK) {
      const to = Math.min(sessions, from + CHUNK - 1);
      await c.query(
        `INSERT INTO room_sessions (project, room_sid, room_name, started_at, ended_at, end_kind, seen_by,
           peak, present, total, identities, events, last_event_at, count_since)
         SELECT 'default', 'RM_b' || g, 'room-' || (g % 50000), s.t0,
           CASE WHEN s.open THEN NULL ELSE s.t0 + interval '18 minutes' END,
           CASE WHEN s.open THEN NULL ELSE 'finished' END, 'webhook', 4, CASE WHEN s.open THEN 4 ELSE 0 END, 4,
           ARRAY['user-' || (g % 50000), 'user-' || ((g + 1) % 50000), 'user-' || ((g + 2) % 50000), 'user-' || ((g + 3) % 50000)],
           10, s.t0 + interval '18 minutes', s.t0 + interval '16 minutes'
         FROM generate_series($1::int, $2::int) AS g,
           LATERAL (SELECT now() - g * interval '2.5 seconds' AS t0,
                           g * 2.5 < 18 * 60 AS open) s`,
        [from, to],
      );
      await c.query(
        `INSERT INTO webhook_events (project, id, event, at, received_at, room_sid, room_name,
           participant_sid, participant_identity, payload)
         SELECT 'default', 'EV_b_' || g || '_' || k, e.name, s.at, s.at, 'RM_b' || g, 'room-' || (g % 50000),
           CASE WHEN k BETWEEN 1 AND 8 THEN 'PA_' || g || '_' || ((k - 1) % 4) ELSE '' END,
           CASE WHEN k BETWEEN 1 AND 8 THEN 'user-' || ((g + (k - 1) % 4) % 50000) ELSE '' END,
           jsonb_build_object('event', e.name, 'room', jsonb_build_object('sid', 'RM_b' || g, 'name', 'room-' || (g % 50000)))
         FROM generate_series($1::int, $2::int) AS g, generate_series(0, 9) AS k,
           LATERAL (SELECT CASE WHEN k = 0 THEN 'room_started' WHEN k = 9 THEN 'room_finished'
                                WHEN k <= 4 THEN 'participant_joined' ELSE 'participant_left' END AS name) e,
           LATERAL (SELECT now() - g * interval '2.5 seconds' + k * interval '2 minutes' AS at) s
         WHERE s.at <= now()`,
        [from, to],
      );
      log(`  ${to.toLocaleString("en-US")} sessions loaded (${elapsed(t0)})`);
    }
    for (const i of indexes) await c.query(i.def);
    log(`  ${indexes.length} indexes built again (${elapsed(t0)})`);
    await c.query("VACUUM ANALYZE webhook_events");
    await c.query("VACUUM ANALYZE room_sessions");
  } finally {
    c.release();
  }
  return performance.now() - t0;
}

const elapsed = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(0)} s`;
