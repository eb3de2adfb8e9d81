import "server-only";
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
