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
];
