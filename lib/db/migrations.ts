import "server-only";
/**
 * One schema and one list of migrations for PostgreSQL and the embedded PGlite. Append only:
 * a migration that has run is never edited.
 */
export const MIGRATIONS: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE audit_events (
        id            BIGSERIAL PRIMARY KEY,
        at            TIMESTAMPTZ NOT NULL DEFAULT now(),
        actor         TEXT NOT NULL,
        role          TEXT NOT NULL DEFAULT '',
        project       TEXT NOT NULL DEFAULT '',
        action        TEXT NOT NULL,
        target        TEXT NOT NULL DEFAULT '',
        params        JSONB NOT NULL DEFAULT '{}'::jsonb,
        outcome       TEXT NOT NULL CHECK (outcome IN ('pending', 'ok', 'failed', 'refused')),
        error_code    TEXT,
        disconnected  INTEGER NOT NULL DEFAULT 0,
        finished_at   TIMESTAMPTZ
      );
      CREATE INDEX audit_events_project_at ON audit_events (project, at DESC);
      CREATE INDEX audit_events_actor ON audit_events (actor);
    `,
  },
  {
    version: 2,
    // Security state every bundle, instance and restart must see (never process memory).
    sql: `
      CREATE TABLE session_revocations (
        jti         TEXT PRIMARY KEY,
        expires_at  TIMESTAMPTZ NOT NULL
      );
      CREATE INDEX session_revocations_expires ON session_revocations (expires_at);
      CREATE TABLE operator_presence (
        username    TEXT PRIMARY KEY,
        present     BOOLEAN NOT NULL,
        removed_at  TIMESTAMPTZ
      );
      CREATE TABLE auth_throttle (
        key             TEXT PRIMARY KEY,
        attempts        INTEGER NOT NULL,
        first_at        TIMESTAMPTZ NOT NULL,
        locked_until    TIMESTAMPTZ,
        inflight_until  TIMESTAMPTZ
      );
      CREATE TABLE auth_failure_rows (
        key       TEXT PRIMARY KEY,
        audit_id  BIGINT NOT NULL,
        until     TIMESTAMPTZ NOT NULL
      );
      ALTER TABLE audit_events ADD COLUMN repeats INTEGER NOT NULL DEFAULT 1;
    `,
  },
  {
    version: 3,
    sql: `
      CREATE TABLE rate_windows (
        key           TEXT PRIMARY KEY,
        window_start  TIMESTAMPTZ NOT NULL,
        count         INTEGER NOT NULL
      );
    `,
  },
  {
    version: 4,
    // History from LiveKit's webhooks: every event once (LiveKit retries), and one session row
    // per room instance (room sid), derived from its events and from the live list.
    sql: `
      CREATE TABLE webhook_events (
        seq                   BIGSERIAL PRIMARY KEY,
        project               TEXT NOT NULL,
        id                    TEXT NOT NULL,
        event                 TEXT NOT NULL,
        at                    TIMESTAMPTZ NOT NULL,
        received_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
        room_sid              TEXT NOT NULL DEFAULT '',
        room_name             TEXT NOT NULL DEFAULT '',
        participant_sid       TEXT NOT NULL DEFAULT '',
        participant_identity  TEXT NOT NULL DEFAULT '',
        num_dropped           INTEGER NOT NULL DEFAULT 0,
        payload               JSONB NOT NULL,
        UNIQUE (project, id)
      );
      CREATE INDEX webhook_events_session ON webhook_events (project, room_sid, at, seq);
      CREATE INDEX webhook_events_received ON webhook_events (project, received_at DESC);
      CREATE INDEX webhook_events_at ON webhook_events (at);
      CREATE TABLE room_sessions (
        project          TEXT NOT NULL,
        room_sid         TEXT NOT NULL,
        room_name        TEXT NOT NULL,
        started_at       TIMESTAMPTZ NOT NULL,
        ended_at         TIMESTAMPTZ,
        -- finished (room_finished received) | no_webhook (gone from the live list without it)
        end_kind         TEXT CHECK (end_kind IN ('finished', 'no_webhook')),
        -- webhook (room_started received) | events (later events only) | listing (seen live only)
        seen_by          TEXT NOT NULL DEFAULT 'webhook',
        peak             INTEGER NOT NULL DEFAULT 0,
        present          INTEGER NOT NULL DEFAULT 0,
        total            INTEGER NOT NULL DEFAULT 0,
        identities       TEXT[] NOT NULL DEFAULT '{}',
        events           INTEGER NOT NULL DEFAULT 0,
        last_event_at    TIMESTAMPTZ,
        -- when the number of people present last changed (a join or a leave)
        count_since      TIMESTAMPTZ,
        PRIMARY KEY (project, room_sid)
      );
      CREATE INDEX room_sessions_started ON room_sessions (project, started_at DESC, room_sid);
      CREATE INDEX room_sessions_open ON room_sessions (project) WHERE ended_at IS NULL;
      CREATE INDEX room_sessions_name ON room_sessions (project, room_name, started_at DESC);
      CREATE INDEX room_sessions_identities ON room_sessions USING GIN (identities);
    `,
  },
  {
    version: 5,
    // Bulk deletes as rows, so any instance shows a job's progress and another instance
    // finishes the rooms of a job whose instance died (its heartbeat stops).
    sql: `
      CREATE TABLE bulk_jobs (
        id                TEXT PRIMARY KEY,
        project           TEXT NOT NULL,
        actor             TEXT NOT NULL,
        role              TEXT NOT NULL,
        total             INTEGER NOT NULL,
        -- the job's own audit record (bulk.delete), closed when the job ends
        audit_id          BIGINT,
        owner             TEXT NOT NULL,
        heartbeat_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
        cancel_requested  BOOLEAN NOT NULL DEFAULT false,
        stop_reason       TEXT,
        takeovers         INTEGER NOT NULL DEFAULT 0,
        created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
        finished_at       TIMESTAMPTZ
      );
      CREATE INDEX bulk_jobs_unfinished ON bulk_jobs (heartbeat_at) WHERE finished_at IS NULL;
      CREATE INDEX bulk_jobs_actor ON bulk_jobs (project, actor) WHERE finished_at IS NULL;
      CREATE TABLE bulk_items (
        job_id        TEXT NOT NULL REFERENCES bulk_jobs (id) ON DELETE CASCADE,
        seq           INTEGER NOT NULL,
        -- as the audit trail stores it (NUL shown as ␀), to read and to join with
        name          TEXT NOT NULL,
        -- the exact name as JSON when it differs (NUL, lone surrogates): what DeleteRoom gets
        raw           TEXT,
        -- pending | deleted | already_closed | ghost | failed | cancelled
        status        TEXT NOT NULL DEFAULT 'pending',
        disconnected  INTEGER NOT NULL DEFAULT 0,
        message       TEXT,
        -- the room's own audit record, written before the room is touched
        audit_id      BIGINT,
        PRIMARY KEY (job_id, seq)
      );
    `,
  },
  {
    version: 6,
    // Sessions that ended recently, by project: Needs attention and the rooms table look for a
    // room that came back right after one of its name closed among these, not room by room.
    sql: `
      CREATE INDEX room_sessions_ended ON room_sessions (project, ended_at) WHERE ended_at IS NOT NULL;
    `,
  },
  {
    version: 7,
    // This deployment's identity, made once by the first instance to migrate: session tokens
    // name it as their audience, so two deployments that share a SESSION_SECRET (but not a
    // database) refuse each other's tokens. Every instance of one deployment reads the same row.
    sql: `
      CREATE TABLE deployment (
        one  BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one),
        id   TEXT NOT NULL
      );
      INSERT INTO deployment (id) VALUES (gen_random_uuid()::text);
    `,
  },
  {
    version: 8,
    // A user is no longer locked or held one check at a time (only a user at one address is):
    // locks and leases set before the upgrade would otherwise keep owners out up to 15 minutes.
    sql: `
      UPDATE auth_throttle SET locked_until = NULL, inflight_until = NULL WHERE key LIKE 'user:%';
    `,
  },
  {
    version: 9,
    // Work one caller may have in flight once per project (a bulk-delete preview), held by a
    // lease its holder renews: every instance sees it, and a holder that dies lets go.
    sql: `
      CREATE TABLE call_leases (
        key     TEXT PRIMARY KEY,
        holder  TEXT NOT NULL,
        until   TIMESTAMPTZ NOT NULL
      );
    `,
  },
  {
    version: 10,
    // Sign-in through an OpenID Connect provider. A flow in progress (state, nonce, PKCE
    // verifier) is kept here, keyed by a hash of the browser's flow cookie, so the callback may
    // land on any instance and each flow is used once. A session's groups are kept with it
    // (roles follow the configuration's mapping on every request) and its provider session id
    // (sid), so a back-channel logout from the provider can end it on every instance.
    sql: `
      CREATE TABLE oidc_flows (
        id            TEXT PRIMARY KEY,
        state         TEXT NOT NULL,
        nonce         TEXT NOT NULL,
        verifier      TEXT NOT NULL,
        redirect_uri  TEXT NOT NULL,
        next          TEXT,
        address       TEXT NOT NULL,
        expires_at    TIMESTAMPTZ NOT NULL
      );
      CREATE INDEX oidc_flows_address ON oidc_flows (address, expires_at);
      CREATE INDEX oidc_flows_expires ON oidc_flows (expires_at);
      CREATE TABLE oidc_sessions (
        jti           TEXT PRIMARY KEY,
        username      TEXT NOT NULL,
        issuer        TEXT NOT NULL,
        subject       TEXT NOT NULL,
        provider_sid  TEXT,
        groups        TEXT[] NOT NULL DEFAULT '{}',
        started_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
        expires_at    TIMESTAMPTZ NOT NULL
      );
      CREATE INDEX oidc_sessions_sid ON oidc_sessions (issuer, provider_sid);
      CREATE INDEX oidc_sessions_subject ON oidc_sessions (issuer, subject);
      CREATE INDEX oidc_sessions_username ON oidc_sessions (username, started_at DESC);
      CREATE INDEX oidc_sessions_expires ON oidc_sessions (expires_at);
    `,
  },
  {
    version: 11,
    // Each watch (docs/watch.md), from its token to its end: the server ends a watch that
    // outlives WATCH_MAX_MIN itself (a script holding the token would otherwise stay a hidden
    // listener for as long as it likes: LiveKit refreshes a connected client's token), and
    // any instance's upkeep loop may be the one that does.
    sql: `
      CREATE TABLE watches (
        identity    TEXT PRIMARY KEY,
        project     TEXT NOT NULL,
        room        TEXT NOT NULL,
        actor       TEXT NOT NULL,
        role        TEXT NOT NULL,
        started_at  TIMESTAMPTZ NOT NULL,
        ends_at     TIMESTAMPTZ NOT NULL,
        ended_at    TIMESTAMPTZ,
        end_reason  TEXT
      );
      CREATE INDEX watches_open ON watches (ends_at) WHERE ended_at IS NULL;
      CREATE INDEX watches_ended ON watches (ended_at);
      `,
  },
  {
    version: 12,
    // A console name (an e-mail address or a provider's username) is not unique at a provider,
    // yet it owns jobs, watches and budgets here: each name belongs to the (issuer, subject)
    // that first signed in with it, and another subject giving the same name is refused.
    // Names whose standing sessions all come from one subject are bound to it now; a name
    // shared by several is bound by its next sign-in.
    sql: `
      CREATE TABLE oidc_usernames (
        username  TEXT PRIMARY KEY,
        issuer    TEXT NOT NULL,
        subject   TEXT NOT NULL,
        bound_at  TIMESTAMPTZ NOT NULL DEFAULT now()
      );
      INSERT INTO oidc_usernames (username, issuer, subject)
        SELECT username, min(issuer), min(subject) FROM oidc_sessions
        GROUP BY username HAVING count(DISTINCT issuer || ' ' || subject) = 1;
    `,
  },
  {
    version: 13,
    // Back-channel logout tokens already honoured, by their jti, until their age refuses them
    // anyway: a captured token replayed later does not end the person's newer sessions.
    sql: `
      CREATE TABLE oidc_logout_tokens (
        issuer      TEXT NOT NULL,
        jti         TEXT NOT NULL,
        expires_at  TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (issuer, jti)
      );
      CREATE INDEX oidc_logout_tokens_expires ON oidc_logout_tokens (expires_at);
    `,
  },
  {
    version: 14,
    // Search by room name is a substring match (ILIKE '%q%'): at a million sessions it read every
    // row (1.4 s). A trigram index answers it in ~10 ms where the database has pg_trgm (a contrib
    // extension most installations ship; PGlite's is loaded in lib/db/open.ts). Without the
    // extension, or without the right to create it, search still works, slower, and the History
    // page says so (HistoryStore.searchIndexed). The operator class is named with the schema the
    // extension lives in, which need not be on this database's search path.
    sql: `
      DO $$
      BEGIN
        -- In public where it may be made there: made in this console's own schema, it would go
        -- with that schema (DROP SCHEMA ... CASCADE), and with it every other schema's index.
        BEGIN
          CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
        EXCEPTION WHEN insufficient_privilege OR invalid_schema_name THEN
          CREATE EXTENSION IF NOT EXISTS pg_trgm;
        END;
      EXCEPTION WHEN insufficient_privilege OR undefined_file OR feature_not_supported
                  OR object_not_in_prerequisite_state THEN
        RAISE NOTICE 'pg_trgm is not available (%): search by room name scans every session', SQLERRM;
      END $$;
      DO $$
      DECLARE trgm_schema TEXT;
      BEGIN
        SELECT n.nspname INTO trgm_schema FROM pg_extension e
          JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
        IF trgm_schema IS NOT NULL THEN
          EXECUTE format(
            'CREATE INDEX IF NOT EXISTS room_sessions_name_trgm ON room_sessions USING GIN (room_name %I.gin_trgm_ops)',
            trgm_schema);
        END IF;
      END $$;
    `,
  },
];
