import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { storable, type Sql } from "@/lib/db/sql";
import type { LiveFact, NamedFact, SeenBy } from "@/lib/history/live-fact";
import { LiveFactsCache } from "@/lib/history/live-facts-cache";

/** One webhook event as stored: LiveKit's JSON without secrets, plus the columns we query. */
export type IncomingEvent = {
  id: string;
  event: string;
  at: Date;
  roomSid: string;
  roomName: string;
  participantSid: string;
  participantIdentity: string;
  numDropped: number;
  payload: Record<string, unknown>;
};

export type SessionEnd = "finished" | "no_webhook";

/** A room instance (one room sid) as history knows it. */
export type SessionRow = {
  roomSid: string;
  roomName: string;
  startedAt: string;
  endedAt: string | null;
  endKind: SessionEnd | null;
  seenBy: SeenBy;
  peak: number;
  present: number;
  total: number;
  identities: string[];
  events: number;
  lastEventAt: string | null;
};

/** Rows per statement where many are written or read at once (see addListed). */
const WRITE_CHUNK = 1_000;

/** Rows per prune statement, and the least rest between two (see prune). */
const PRUNE_BATCH = 1_000;
const PRUNE_REST_MS = 20;

/** How far back liveFacts looks for a closed room of the same name: ten minutes. */
export const REOPENED_LOOKBACK_SEC = 600;

export type StoredEventRow = {
  seq: number;
  id: string;
  event: string;
  at: string;
  receivedAt: string;
  participantSid: string;
  participantIdentity: string;
  payload: Record<string, unknown>;
};

/** What the last ingress webhook said of one stream input (protobuf JSON leaves out INACTIVE). */
export type IngressEventState = {
  ingressId: string;
  event: string;
  at: string;
  status: string;
  error: string;
};

export type SessionQuery = {
  /** Room name (substring, any case) or a participant's exact identity. */
  q?: string;
  since?: Date;
  until?: Date;
  /** Keyset: sessions started before this one (started_at, room_sid), newest first. */
  before?: { startedAt: string; roomSid: string };
  limit: number;
};

const JOIN = "'participant_joined'";
const LEAVE = "'participant_left', 'participant_connection_aborted'";

const iso = (v: unknown) => (v == null ? null : new Date(v as string).toISOString());

function sessionOf(r: Record<string, unknown>): SessionRow {
  return {
    roomSid: r.room_sid as string,
    roomName: r.room_name as string,
    startedAt: iso(r.started_at)!,
    endedAt: iso(r.ended_at),
    endKind: (r.end_kind as SessionEnd | null) ?? null,
    seenBy: r.seen_by as SeenBy,
    peak: Number(r.peak),
    present: Number(r.present),
    total: Number(r.total),
    identities: (r.identities as string[]) ?? [],
    events: Number(r.events),
    lastEventAt: iso(r.last_event_at),
  };
}

const eventRowOf = (r: Record<string, unknown>): StoredEventRow => ({
  seq: Number(r.seq),
  id: r.id as string,
  event: r.event as string,
  at: iso(r.at)!,
  receivedAt: iso(r.received_at)!,
  participantSid: r.participant_sid as string,
  participantIdentity: r.participant_identity as string,
  payload: (typeof r.payload === "string" ? JSON.parse(r.payload) : r.payload) as Record<
    string,
    unknown
  >,
});

const SESSION_COLUMNS =
  "room_sid, room_name, started_at, ended_at, end_kind, seen_by, peak, present, total, identities, events, last_event_at";

/** Escapes LIKE's wildcards so a room name is matched as typed. */
const likeLiteral = (s: string) => s.replace(/[%_\\]/g, (c) => `\\${c}`);

/**
 * Webhook events and the sessions derived from them. Sessions are recomputed from their
 * events (never incremented), so a retried, duplicated or out-of-order delivery cannot skew
 * them; a recompute that saw fewer events than the stored row never overwrites it.
 */
export class HistoryStore {
  /** Only for a database this process alone writes (see LiveFactsCache). */
  private readonly facts: LiveFactsCache | undefined;
  private indexed: Promise<boolean> | undefined;

  constructor(
    private readonly sql: Sql,
    opts: { soleWriter?: boolean } = {},
  ) {
    this.facts = opts.soleWriter ? new LiveFactsCache(REOPENED_LOOKBACK_SEC * 1000) : undefined;
  }

  /** Stores an event once per (project, id); false when it was already there (a retry). */
  async insert(project: string, e: IncomingEvent): Promise<boolean> {
    return (await this.insertMany([{ project, event: e }])).size > 0;
  }

  /**
   * Stores many events in one statement (one commit), each once per (project, id); answers the
   * `project\u0000id` keys that were new. An id twice in one call is stored once.
   */
  async insertMany(items: { project: string; event: IncomingEvent }[]): Promise<Set<string>> {
    if (items.length > WRITE_CHUNK)
      throw new RangeError(`insertMany takes ${WRITE_CHUNK} events at most (one statement)`);
    const { rows } = await this.sql.query<{ project: string; id: string }>(
      `INSERT INTO webhook_events (project, id, event, at, room_sid, room_name, participant_sid, participant_identity, num_dropped, payload)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[],
                            $6::text[], $7::text[], $8::text[], $9::int[], $10::jsonb[])
       ON CONFLICT (project, id) DO NOTHING RETURNING project, id`,
      [
        items.map((x) => x.project),
        items.map((x) => storable(x.event.id)),
        items.map((x) => storable(x.event.event)),
        items.map((x) => x.event.at.toISOString()),
        items.map((x) => storable(x.event.roomSid)),
        items.map((x) => storable(x.event.roomName)),
        items.map((x) => storable(x.event.participantSid)),
        items.map((x) => storable(x.event.participantIdentity)),
        items.map((x) => x.event.numDropped),
        items.map((x) => JSON.stringify(x.event.payload)),
      ],
    );
    return new Set(rows.map((r) => `${r.project}\u0000${r.id}`));
  }

  /** Derives a session row from all its stored events (see the class comment). */
  async recompute(project: string, roomSid: string): Promise<void> {
    const { rows } = await this.sql.query<{ room_name: string }>(
      `WITH ev AS (
         SELECT seq, event, at, room_name, participant_identity, payload
         FROM webhook_events WHERE project = $1 AND room_sid = $2
       ),
       moves AS (
         SELECT seq, at, SUM(CASE WHEN event = ${JOIN} THEN 1 ELSE -1 END)
           OVER (ORDER BY at, seq ROWS UNBOUNDED PRECEDING) AS running
         FROM ev WHERE event IN (${JOIN}, ${LEAVE})
       ),
       agg AS (
         SELECT
           count(*)::int AS n,
           (SELECT room_name FROM ev WHERE room_name <> '' ORDER BY seq DESC LIMIT 1) AS room_name,
           COALESCE(
             MIN(CASE WHEN event = 'room_started' THEN
               CASE WHEN (payload->'room'->>'creationTime') ~ '^[0-9]+$'
                 THEN to_timestamp((payload->'room'->>'creationTime')::bigint) ELSE at END
             END),
             MIN(at)) AS started_at,
           MIN(CASE WHEN event = 'room_finished' THEN at END) AS finished_at,
           bool_or(event = 'room_started') AS started_seen,
           MAX(at) AS last_at,
           ARRAY(SELECT DISTINCT participant_identity FROM ev
                 WHERE event = ${JOIN} AND participant_identity <> '' ORDER BY 1) AS identities,
           GREATEST(COALESCE((SELECT MAX(running) FROM moves), 0), 0)::int AS peak,
           GREATEST(COALESCE((SELECT running FROM moves ORDER BY at DESC, seq DESC LIMIT 1), 0), 0)::int AS present,
           (SELECT at FROM moves ORDER BY at DESC, seq DESC LIMIT 1) AS count_since
         FROM ev
       )
       INSERT INTO room_sessions AS s (project, room_sid, room_name, started_at, ended_at, end_kind, seen_by,
                                       peak, present, total, identities, events, last_event_at, count_since)
       SELECT $1, $2, COALESCE(agg.room_name, ''), agg.started_at, agg.finished_at,
              CASE WHEN agg.finished_at IS NOT NULL THEN 'finished' END,
              CASE WHEN agg.started_seen THEN 'webhook' ELSE 'events' END,
              agg.peak, agg.present, cardinality(agg.identities), agg.identities, agg.n, agg.last_at,
              agg.count_since
       FROM agg WHERE agg.n > 0
       ON CONFLICT (project, room_sid) DO UPDATE SET
         room_name = CASE WHEN EXCLUDED.room_name <> '' THEN EXCLUDED.room_name ELSE s.room_name END,
         started_at = LEAST(s.started_at, EXCLUDED.started_at),
         ended_at = COALESCE(EXCLUDED.ended_at, s.ended_at),
         end_kind = COALESCE(EXCLUDED.end_kind, s.end_kind),
         seen_by = CASE WHEN EXCLUDED.seen_by = 'webhook' THEN 'webhook' ELSE s.seen_by END,
         peak = EXCLUDED.peak, present = EXCLUDED.present, total = EXCLUDED.total,
         identities = EXCLUDED.identities, events = EXCLUDED.events,
         last_event_at = EXCLUDED.last_event_at, count_since = EXCLUDED.count_since
       WHERE s.events <= EXCLUDED.events
       RETURNING room_name`,
      [project, roomSid],
    );
    this.facts?.forget(
      project,
      [roomSid],
      rows.map((r) => r.room_name),
    );
  }

  /**
   * The open session of a room name, if any (ingress webhooks name the room, not its sid): a
   * session row, or else a room whose events came in the last minute and are not yet derived
   * into one (sessions are recomputed a moment after their events).
   */
  async openSidOf(project: string, roomName: string): Promise<string | undefined> {
    const { rows } = await this.sql.query<{ room_sid: string }>(
      `SELECT room_sid FROM room_sessions WHERE project = $1 AND room_name = $2 AND ended_at IS NULL
       ORDER BY started_at DESC LIMIT 1`,
      [project, roomName],
    );
    if (rows[0]) return rows[0].room_sid;
    const recent = await this.sql.query<{ room_sid: string; event: string }>(
      `SELECT room_sid, event FROM webhook_events
       WHERE project = $1 AND received_at >= $2 AND room_name = $3 AND room_sid <> ''
       ORDER BY received_at DESC, seq DESC LIMIT 1`,
      [project, new Date(Date.now() - 60_000).toISOString(), roomName],
    );
    const last = recent.rows[0];
    return last && last.event !== "room_finished" ? last.room_sid : undefined;
  }

  /** The open sessions' sids (what the sweep compares with the live list). */
  async openSids(project: string): Promise<string[]> {
    const { rows } = await this.sql.query<{ room_sid: string }>(
      "SELECT room_sid FROM room_sessions WHERE project = $1 AND ended_at IS NULL",
      [project],
    );
    return rows.map((r) => r.room_sid);
  }

  /** Sessions for live rooms history never heard of: "seen by listing". */
  async addListed(
    project: string,
    rooms: { sid: string; name: string; createdAt: Date; participants: number }[],
  ): Promise<number> {
    let added = 0;
    // A thousand at a time: the embedded database runs on the only thread, and 10,000 rooms
    // appearing at once held it for ~260 ms in one statement (pages and polls waited).
    for (let i = 0; i < rooms.length; i += WRITE_CHUNK) {
      const chunk = rooms.slice(i, i + WRITE_CHUNK);
      const { rows } = await this.sql.query<{ room_sid: string }>(
        `INSERT INTO room_sessions (project, room_sid, room_name, started_at, seen_by, present, peak)
         SELECT $1, u.sid, u.name, u.created, 'listing', u.n, u.n
         FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::int[]) AS u(sid, name, created, n)
         ON CONFLICT (project, room_sid) DO NOTHING RETURNING room_sid`,
        [
          project,
          chunk.map((r) => storable(r.sid)),
          chunk.map((r) => storable(r.name)),
          chunk.map((r) => r.createdAt.toISOString()),
          chunk.map((r) => r.participants),
        ],
      );
      this.facts?.forget(
        project,
        rows.map((r) => r.room_sid),
      );
      added += rows.length;
    }
    return added;
  }

  /** Open sessions whose room has left the live list without room_finished. */
  async closeUnseen(
    project: string,
    sids: string[],
    noticedAt: Date,
    startedBefore: Date,
  ): Promise<number> {
    if (sids.length === 0) return 0;
    const { rows } = await this.sql.query(
      `UPDATE room_sessions SET ended_at = $3, end_kind = 'no_webhook', present = 0
       WHERE project = $1 AND room_sid = ANY($2::text[]) AND ended_at IS NULL
         AND started_at < $4 AND COALESCE(last_event_at, started_at) < $4
       RETURNING room_sid, room_name`,
      [project, sids, noticedAt.toISOString(), startedBefore.toISOString()],
    );
    this.facts?.forget(
      project,
      rows.map((r) => r.room_sid as string),
      rows.map((r) => r.room_name as string),
    );
    return rows.length;
  }

  /**
   * Who is in each room by LiveKit's webhooks (joins minus leaves, agents and recorders
   * included), for the rooms history has followed since their room_started and that are still
   * open: a room missing from the answer is one history cannot vouch for.
   */
  async presence(project: string, sids: string[]): Promise<Map<string, number>> {
    if (sids.length === 0) return new Map();
    const { rows } = await this.sql.query<{ room_sid: string; present: number }>(
      `SELECT room_sid, present FROM room_sessions
       WHERE project = $1 AND room_sid = ANY($2::text[]) AND seen_by = 'webhook'
         AND ended_at IS NULL`,
      [project, sids.map(storable)],
    );
    return new Map(rows.map((r) => [r.room_sid, Number(r.present)]));
  }

  /**
   * What history knows of live rooms, for Needs attention: who is present since when, whether
   * anyone ever joined, and whether the room came back within 30 s of one of its name closing
   * (looked for among sessions that ended in the last REOPENED_LOOKBACK_SEC, so a room opened
   * longer ago than that is not called reopened). The rows come as one JSON value: at 10,000
   * rooms, materialising 10,000 rows cost the embedded database three times as much.
   */
  async liveFacts(project: string, sids: string[]): Promise<LiveFact[]> {
    if (sids.length === 0) return [];
    if (this.facts)
      return this.facts.get(project, sids, (missing) => this.readFacts(project, missing));
    return this.readFacts(project, sids);
  }

  private async readFacts(project: string, sids: string[]): Promise<NamedFact[]> {
    const [{ rows }, { rows: previous }] = await Promise.all([
      this.sql.query<{ facts: string }>(
        `SELECT coalesce(json_agg(json_build_array(room_sid, present, total, seen_by, started_at,
                  count_since, ended_at, room_name)), '[]')::text AS facts
         FROM room_sessions WHERE project = $1 AND room_sid = ANY($2::text[])`,
        [project, sids],
      ),
      this.sql.query<{ room_sid: string; previous_ended_at: unknown }>(
        `WITH p AS (
           SELECT room_name, room_sid, ended_at FROM room_sessions
           WHERE project = $1 AND ended_at > now() - make_interval(secs => $3)
         )
         SELECT s.room_sid, max(p.ended_at) AS previous_ended_at
         FROM p JOIN room_sessions s
           ON s.project = $1 AND s.room_name = p.room_name AND s.room_sid <> p.room_sid
          AND p.ended_at BETWEEN s.started_at - interval '30 seconds' AND s.started_at + interval '1 second'
         WHERE s.room_sid = ANY($2::text[])
         GROUP BY s.room_sid`,
        [project, sids, REOPENED_LOOKBACK_SEC],
      ),
    ]);
    const before = new Map(previous.map((r) => [r.room_sid, iso(r.previous_ended_at)]));
    type Row = [string, number, number, SeenBy, string, string | null, string | null, string];
    return (JSON.parse(rows[0]?.facts ?? "[]") as Row[]).map(
      ([sid, present, total, seenBy, startedAt, countSince, endedAt, name]) => ({
        sid,
        name,
        present: Number(present),
        total: Number(total),
        seenBy,
        startedAt: iso(startedAt)!,
        countSince: iso(countSince),
        endedAt: iso(endedAt),
        previousEndedAt: before.get(sid) ?? null,
      }),
    );
  }

  /** Sessions whose events arrived recently: recomputed by the sweep after a crash. */
  async recentlyTouched(project: string, since: Date): Promise<string[]> {
    const { rows } = await this.sql.query<{ room_sid: string }>(
      `SELECT DISTINCT room_sid FROM webhook_events
       WHERE project = $1 AND received_at >= $2 AND room_sid <> ''`,
      [project, since.toISOString()],
    );
    return rows.map((r) => r.room_sid);
  }

  async sessions(project: string, f: SessionQuery): Promise<SessionRow[]> {
    const where = ["project = $1"];
    const params: unknown[] = [project];
    const add = (clause: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(clause(`$${params.length}`));
    };
    if (f.q) {
      params.push(`%${likeLiteral(f.q)}%`);
      const like = `$${params.length}`;
      add((n) => `(room_name ILIKE ${like} OR identities @> ARRAY[${n}]::text[])`, f.q);
    }
    // In the range: sessions that were open at some point within it.
    if (f.since) add((n) => `(ended_at IS NULL OR ended_at >= ${n})`, f.since.toISOString());
    if (f.until) add((n) => `started_at < ${n}`, f.until.toISOString());
    if (f.before) {
      params.push(f.before.startedAt);
      const at = `$${params.length}`;
      add((n) => `(started_at, room_sid) < (${at}::timestamptz, ${n})`, f.before.roomSid);
    }
    params.push(f.limit);
    const { rows } = await this.sql.query(
      `SELECT ${SESSION_COLUMNS} FROM room_sessions WHERE ${where.join(" AND ")}
       ORDER BY started_at DESC, room_sid DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(sessionOf);
  }

  async session(project: string, roomSid: string): Promise<SessionRow | undefined> {
    const { rows } = await this.sql.query(
      `SELECT ${SESSION_COLUMNS} FROM room_sessions WHERE project = $1 AND room_sid = $2`,
      [project, roomSid],
    );
    return rows[0] ? sessionOf(rows[0]) : undefined;
  }

  /** When a room of this name last closed, if within `withinMs` (LiveKit's reuse window). */
  async closedRecently(
    project: string,
    roomName: string,
    withinMs: number,
  ): Promise<string | undefined> {
    const { rows } = await this.sql.query<{ ended_at: string }>(
      `SELECT max(ended_at) AS ended_at FROM room_sessions
       WHERE project = $1 AND room_name = $2 AND ended_at >= $3`,
      [project, roomName, new Date(Date.now() - withinMs).toISOString()],
    );
    return iso(rows[0]?.ended_at) ?? undefined;
  }

  async events(project: string, roomSid: string, limit: number): Promise<StoredEventRow[]> {
    const { rows } = await this.sql.query(
      `SELECT seq, id, event, at, received_at, participant_sid, participant_identity, payload
       FROM webhook_events WHERE project = $1 AND room_sid = $2 ORDER BY at, seq LIMIT $3`,
      [project, roomSid, limit],
    );
    return rows.map(eventRowOf);
  }

  /**
   * The project's events whose name starts with `prefix` ("egress_"), newest first, since a
   * time: what happened to recordings across rooms (their events sit in each room's session).
   */
  async eventsOfKind(
    project: string,
    prefix: string,
    since: Date,
    limit: number,
  ): Promise<StoredEventRow[]> {
    const { rows } = await this.sql.query(
      `SELECT seq, id, event, at, received_at, participant_sid, participant_identity, payload
       FROM webhook_events WHERE project = $1 AND event LIKE $2 AND at >= $3
       ORDER BY at DESC, seq DESC LIMIT $4`,
      [project, `${likeLiteral(prefix)}%`, since.toISOString(), limit],
    );
    return rows.map(eventRowOf);
  }

  /**
   * The last ingress_started / ingress_ended per ingress since `since`: what LiveKit said of each
   * stream input (its state and error), to show beside ListIngress's stored state.
   */
  async ingressStates(project: string, since: Date): Promise<IngressEventState[]> {
    const { rows } = await this.sql.query(
      `SELECT DISTINCT ON (payload->'ingressInfo'->>'ingressId')
         payload->'ingressInfo'->>'ingressId' AS ingress_id, event, at, payload->'ingressInfo'->'state' AS state
       FROM webhook_events
       WHERE project = $1 AND at >= $2 AND event IN ('ingress_started', 'ingress_ended')
       ORDER BY payload->'ingressInfo'->>'ingressId', at DESC, seq DESC`,
      [project, since.toISOString()],
    );
    return rows.map((r) => {
      const raw: unknown = typeof r.state === "string" ? JSON.parse(r.state) : r.state;
      const state = (raw ?? {}) as Record<string, unknown>;
      return {
        ingressId: r.ingress_id as string,
        event: r.event as string,
        at: iso(r.at)!,
        status: typeof state.status === "string" ? state.status : "ENDPOINT_INACTIVE",
        error: typeof state.error === "string" ? state.error : "",
      };
    });
  }

  /** The last webhook received for a project, and the events LiveKit said it dropped. */
  async lastWebhook(project: string): Promise<{ at: string; dropped: number } | undefined> {
    const { rows } = await this.sql.query(
      `SELECT received_at, num_dropped FROM webhook_events WHERE project = $1
       ORDER BY received_at DESC LIMIT 1`,
      [project],
    );
    return rows[0]
      ? { at: iso(rows[0].received_at)!, dropped: Number(rows[0].num_dropped) }
      : undefined;
  }

  /**
   * Rooms and participants over [since, until) in `buckets` steps: per step, the sessions open
   * at any moment of it, and the people in them at any moment of it (so a 3-second room still
   * shows). A participant is in from their join to their leave (or the session's end).
   * Comparing every step with every row, and reading the joins once per step, took 2.7 s for
   * the last hour at 10 million events; each session's events are now read once, and each span
   * counted once.
   */
  async series(
    project: string,
    since: Date,
    until: Date,
    buckets: number,
  ): Promise<{ at: string; rooms: number; participants: number }[]> {
    const { rows } = await this.sql.query(
      `WITH s AS MATERIALIZED (
         SELECT room_sid, started_at, ended_at FROM room_sessions
         WHERE project = $1 AND started_at < $3 AND (ended_at IS NULL OR ended_at >= $2)
       ),
       -- Each session's joins and leaves in one read of its events (OFFSET 0: per session,
       -- through its index, not a scan of every join in the table); a stay ends at the first
       -- leave of the same participant at or after the join, else with the session.
       moves AS MATERIALIZED (
         SELECT e.room_sid, e.participant_sid, e.at, e.event = ${JOIN} AS joined, s.ended_at
         FROM s, LATERAL (
           SELECT room_sid, participant_sid, at, event FROM webhook_events
           WHERE project = $1 AND room_sid = s.room_sid AND event IN (${JOIN}, ${LEAVE}) OFFSET 0
         ) e
       ),
       p AS (
         SELECT at AS joined, COALESCE(left_at, ended_at) AS left_at FROM (
           SELECT joined AS is_join, at, ended_at,
             min(CASE WHEN NOT joined THEN at END) OVER (PARTITION BY room_sid, participant_sid
               ORDER BY at RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS left_at
           FROM moves
         ) m WHERE is_join AND at < $3
       ),
       spans AS (
         SELECT true AS room, started_at AS a, ended_at AS z FROM s
         UNION ALL
         SELECT false, joined, left_at FROM p
       ),
       -- Step g (1-based) is [since + w(g-1), since + wg): a span is in steps lo..hi, those it
       -- starts before the end of and ends (or is open) at or after the start of. Each span
       -- adds 1 at lo and takes it away after hi; a running sum over the steps counts them, in
       -- one pass over the spans (comparing every step with every span, or a series per span,
       -- cost seconds for a week, and misled the planner into JIT for an hour).
       bounds AS (
         SELECT spans.room,
           GREATEST(1, floor(extract(epoch FROM (spans.a - $2::timestamptz)) / k.w)::int + 1) AS lo,
           CASE WHEN spans.z IS NULL THEN $4
             ELSE LEAST($4, floor(extract(epoch FROM (spans.z - $2::timestamptz)) / k.w)::int + 1) END AS hi
         FROM spans, (SELECT extract(epoch FROM ($3::timestamptz - $2::timestamptz)) / $4 AS w) k
       ),
       deltas AS (
         SELECT room, lo AS step, 1 AS d FROM bounds WHERE lo <= hi
         UNION ALL
         SELECT room, hi + 1, -1 FROM bounds WHERE lo <= hi
       ),
       counts AS (
         SELECT step, sum(d) FILTER (WHERE room) AS rooms, sum(d) FILTER (WHERE NOT room) AS participants
         FROM deltas GROUP BY step
       )
       SELECT $2::timestamptz + (($3::timestamptz - $2::timestamptz) * g / $4) AS at,
         (sum(COALESCE(c.rooms, 0)) OVER w)::int AS rooms,
         (sum(COALESCE(c.participants, 0)) OVER w)::int AS participants
       FROM generate_series(1, $4) AS g LEFT JOIN counts c ON c.step = g
       WINDOW w AS (ORDER BY g) ORDER BY g`,
      [project, since.toISOString(), until.toISOString(), buckets],
    );
    return rows.map((r) => ({
      at: iso(r.at)!,
      rooms: Number(r.rooms),
      participants: Number(r.participants),
    }));
  }

  /** Durations of the sessions that ended in [since, until), in seconds. */
  async durations(project: string, since: Date, until: Date): Promise<number[]> {
    const { rows } = await this.sql.query<{ s: number }>(
      `SELECT EXTRACT(EPOCH FROM (ended_at - started_at))::float8 AS s FROM room_sessions
       WHERE project = $1 AND ended_at >= $2 AND ended_at < $3 ORDER BY ended_at DESC LIMIT 50000`,
      [project, since.toISOString(), until.toISOString()],
    );
    return rows.map((r) => Number(r.s));
  }

  /**
   * Whether search by room name has its trigram index (migration 14 makes it where the database
   * has pg_trgm); without it every search reads every session. Asked once per store.
   */
  searchIndexed(): Promise<boolean> {
    this.indexed ??= this.sql
      .query<{ ok: boolean }>("SELECT to_regclass('room_sessions_name_trgm') IS NOT NULL AS ok")
      .then((r) => r.rows[0]?.ok === true)
      .catch((e: unknown) => {
        this.indexed = undefined;
        throw e;
      });
    return this.indexed;
  }

  /**
   * Deletes events and ended sessions older than the cutoff, PRUNE_BATCH rows a statement, each
   * its own short transaction, resting after each batch as long as it took (at least
   * PRUNE_REST_MS): a backlog of a million events then takes about a minute, and webhook
   * inserts, recomputes and pages (on PGlite, every query waits for the one running) get the
   * database at least half of that time. Sessions go project by project, through their index.
   */
  async prune(cutoff: Date, opts: { batch?: number; restMs?: number } = {}): Promise<number> {
    const batch = opts.batch ?? PRUNE_BATCH;
    const rest = opts.restMs ?? PRUNE_REST_MS;
    const before = cutoff.toISOString();
    const inBatches = async (text: string, params: unknown[]) => {
      let n = 0;
      for (;;) {
        const t0 = performance.now();
        const { rows } = await this.sql.query(text, [...params, batch]);
        n += rows.length;
        if (rows.length < batch) return n;
        await sleep(Math.max(rest, performance.now() - t0));
      }
    };
    const removed = await inBatches(
      `DELETE FROM webhook_events WHERE seq IN (
         SELECT seq FROM webhook_events WHERE at < $1 ORDER BY at LIMIT $2) RETURNING seq`,
      [before],
    );
    // Each project in turn (a skip over the primary key), so the deletes use (project, ended_at).
    const { rows: projects } = await this.sql.query<{ project: string }>(
      `WITH RECURSIVE p AS (
         (SELECT project FROM room_sessions ORDER BY project LIMIT 1)
         UNION ALL
         SELECT (SELECT project FROM room_sessions WHERE project > p.project ORDER BY project LIMIT 1)
         FROM p WHERE p.project IS NOT NULL
       ) SELECT project FROM p WHERE project IS NOT NULL`,
    );
    for (const { project } of projects)
      await inBatches(
        `DELETE FROM room_sessions WHERE project = $1 AND room_sid IN (
           SELECT room_sid FROM room_sessions WHERE project = $1 AND ended_at < $2
           ORDER BY ended_at LIMIT $3) RETURNING room_sid`,
        [project, before],
      );
    this.facts?.clear();
    return removed;
  }
}
