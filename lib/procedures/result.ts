/** Typed results that cross the server/browser boundary. Never carries upstream objects or stacks. */
export type ErrorCode =
  | "unauthenticated"
  | "forbidden"
  | "invalid_input"
  | "unreachable"
  | "timeout"
  | "unauthorized"
  | "not_found"
  | "already_exists"
  | "impact_changed"
  | "rejected"
  | "config"
  | "audit_unavailable"
  | "rate_limited"
  | "conflict"
  | "internal";

export type FieldErrors = Partial<Record<string, string[]>>;

export type AppError = {
  code: ErrorCode;
  /** Plain words for the operator: what happened and what to do. */
  message: string;
  fieldErrors?: FieldErrors;
};

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: AppError };

export const ok = <T>(data: T): ActionResult<T> => ({ ok: true, data });
export const fail = (error: AppError): ActionResult<never> => ({ ok: false, error });

/** Errors that mean "LiveKit itself is not answering us properly", shown as a banner. */
export const CONNECTION_CODES: ReadonlySet<ErrorCode> = new Set([
  "unreachable",
  "timeout",
  "unauthorized",
  "config",
]);

/** A server-rendered first result and when it was read, for a view that then polls. */
export type Initial<T> = { result: ActionResult<T>; fetchedAtMs: number };

export async function initialOf<T>(read: Promise<ActionResult<T>>): Promise<Initial<T>> {
  const result = await read;
  return { result, fetchedAtMs: Date.now() };
}
