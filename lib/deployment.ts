import "server-only";

/**
 * What several console instances must share, checked at start-up. Pure: reads the
 * environment it is given, says what is wrong (stop) and what to know (log).
 */
export type DeploymentCheck = {
  /** Wrong enough to refuse to start, each naming the variable and the fix. */
  problems: string[];
  /** Worth a line in the start-up log and the readiness answer. */
  notes: string[];
  /** "single": one process with its own state; "shared": PostgreSQL and Redis. */
  mode: "embedded" | "single" | "shared";
};

const KEY_BYTES = [16, 24, 32];

export function checkDeployment(env: Record<string, string | undefined>): DeploymentCheck {
  const problems: string[] = [];
  const notes: string[] = [];
  const db = Boolean(env.DATABASE_URL);
  const redis = Boolean(env.REDIS_URL);
  const key = env.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY;

  if (key !== undefined) {
    const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(key) ? Buffer.from(key, "base64").length : 0;
    if (!KEY_BYTES.includes(bytes))
      problems.push(
        "NEXT_SERVER_ACTIONS_ENCRYPTION_KEY must be an AES key in base64 (16, 24 or 32 bytes; make one with: openssl rand -base64 32)",
      );
  }
  if (redis && !db)
    problems.push(
      "REDIS_URL is set (several instances) but DATABASE_URL is not: each instance would keep its own embedded database, so sign-outs, throttles, bulk deletes and the audit trail would not be shared. Set DATABASE_URL to one PostgreSQL for all instances.",
    );
  if (redis && key === undefined)
    problems.push(
      "REDIS_URL is set (several instances) but NEXT_SERVER_ACTIONS_ENCRYPTION_KEY is not: a page served by one instance could not call actions on another. Give every instance the same key (make one with: openssl rand -base64 32).",
    );
  if (db && !redis)
    notes.push(
      "DATABASE_URL without REDIS_URL: fine for one instance. Several instances need REDIS_URL (one LiveKit read per interval across all of them, live updates between them) and the same NEXT_SERVER_ACTIONS_ENCRYPTION_KEY.",
    );
  if (!db)
    notes.push(
      "Embedded database (PGlite) in the data folder: one instance only. Several instances need DATABASE_URL and REDIS_URL.",
    );
  return { problems, notes, mode: !db ? "embedded" : redis ? "shared" : "single" };
}
