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
];
