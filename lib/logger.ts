import "server-only";
import { processSingleton } from "@/lib/process-singleton";
/** Structured one-line JSON logs on the server; the detail lives here, never in the browser. */
type Level = "info" | "warn" | "error";

function errorDetail(err: unknown): Record<string, unknown> | undefined {
  if (!(err instanceof Error))
    return err === undefined
      ? undefined
      : { value: typeof err === "string" ? err : JSON.stringify(err) };
  const cause = (err as { cause?: unknown }).cause;
  return {
    name: err.name,
    message: err.message.replace(/ey[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g, "[token]"),
    status: (err as { status?: unknown }).status,
    code: (err as { code?: unknown }).code,
    cause:
      cause instanceof Error
        ? { name: cause.name, message: cause.message, code: (cause as { code?: unknown }).code }
        : undefined,
  };
}

export function log(
  level: Level,
  msg: string,
  fields: Record<string, unknown> = {},
  err?: unknown,
) {
  const line = JSON.stringify({
    time: new Date().toISOString(),
    level,
    msg,
    ...fields,
    err: errorDetail(err),
  });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

type Tally = { count: number; timer?: NodeJS.Timeout };
const tallies = (): Map<string, Tally> =>
  processSingleton("log-tallies", () => new Map<string, Tally>());

/**
 * A line that anyone on the network can cause (an unsigned webhook, say) is written once, then
 * counted: the repeats within `windowMs` become one line with their count when the window
 * ends. 4,000 refused requests in a minute are two lines, not 4,000. Keyed by message and the
 * fields given (keep them few and bounded). A log's tally: per process, lost on a restart.
 */
export function logOnceThenCount(
  level: Level,
  msg: string,
  fields: Record<string, unknown> = {},
  windowMs = 60_000,
) {
  const key = `${msg}\u0000${JSON.stringify(fields)}`;
  const all = tallies();
  const seen = all.get(key);
  if (seen) {
    seen.count += 1;
    return;
  }
  log(level, msg, fields);
  const tally: Tally = { count: 0 };
  all.set(key, tally);
  tally.timer = setTimeout(() => {
    all.delete(key);
    if (tally.count > 0)
      log(level, `${msg} (repeated)`, {
        ...fields,
        repeated: tally.count,
        windowSec: windowMs / 1000,
      });
  }, windowMs);
  tally.timer.unref();
}
