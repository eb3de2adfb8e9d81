import "server-only";

/** What both pg.Pool and PGlite offer: parameterised queries returning rows. */
export type Sql = {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
  /** PGlite runs multi-statement scripts through exec; pg's parameterless query does. */
  exec?: (text: string) => Promise<unknown>;
};

/**
 * Text PostgreSQL can store: NUL (which no text or jsonb column takes) shown as ␀, and lone
 * surrogate halves as U+FFFD. Operators' input reaches the audit trail whatever it holds.
 */
export const storable = (s: string) => s.toWellFormed().replaceAll("\u0000", "\u2400");
