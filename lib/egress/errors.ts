import "server-only";
import { toAppError } from "@/lib/livekit/errors";
import { maskUrlsIn } from "@/lib/url-mask";
import { ActionFailure } from "@/lib/procedures/failure";
import type { AppError } from "@/lib/procedures/result";
import { EGRESS_START_TIMEOUT_SEC } from "@/lib/egress/timeouts";

type TwirpLike = { status: number; message: string };
const isTwirp = (e: unknown): e is TwirpLike =>
  e instanceof Error && typeof (e as { status?: unknown }).status === "number";
const isTimeout = (e: unknown) =>
  e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");

export const NO_REDIS = (url: string) =>
  `Egress not connected: LiveKit at ${url} has no Redis ("egress not connected (redis required)"). Recording and streaming need one: add a redis: section to livekit-server's configuration, restart it, and run livekit/egress against the same Redis.`;
export const NO_EGRESS_SERVICE = (url: string) =>
  `No egress service answered: LiveKit at ${url} has Redis, but no livekit/egress worker took the request ("no response from servers"). Start livekit/egress against the same Redis, then retry.`;
export const START_TIMED_OUT = (url: string) =>
  `LiveKit at ${url} did not answer the start in ${EGRESS_START_TIMEOUT_SEC} s. If an egress service is running, it may be overloaded; check the list before retrying, as the start may yet succeed.`;
export const UNKNOWN_EGRESS = (id: string) =>
  `LiveKit has no egress ${id} ("egress does not exist"): it already ended and was cleaned up, or the egress service that ran it is gone. Nothing is left to stop.`;

/**
 * Short codes for the audit trail, which keeps a code, not a message: a start's outcome is
 * read back from it (see starts.ts), so each code has its words here.
 */
export const START_CODES = {
  no_egress_service: NO_EGRESS_SERVICE,
  egress_not_connected: NO_REDIS,
  start_timeout: START_TIMED_OUT,
} as const;
export type StartCode = keyof typeof START_CODES;

/** LiveKit's egress refusals in plain words; else the usual mapping. */
export function egressError(
  e: unknown,
  url: string,
  opts: { egressId?: string; start?: boolean } = {},
): AppError & { startCode?: StartCode } {
  const { egressId } = opts;
  if (opts.start && isTimeout(e))
    return { code: "timeout", message: START_TIMED_OUT(url), startCode: "start_timeout" };
  if (!isTwirp(e)) return toAppError(e, url);
  const text = e.message;
  if (/egress not connected|redis required/i.test(text))
    return { code: "config", message: NO_REDIS(url), startCode: "egress_not_connected" };
  // "rejected", not "unreachable": LiveKit itself answered (that code would blame LiveKit).
  if (e.status === 503 || /no response from servers/i.test(text))
    return { code: "rejected", message: NO_EGRESS_SERVICE(url), startCode: "no_egress_service" };
  if (/room does not exist/i.test(text)) {
    const message =
      "Room: LiveKit has no open room of that name (it may have closed). A recording starts in an open room.";
    return { code: "not_found", message, fieldErrors: { room: [message] } };
  }
  if (/egress does not exist/i.test(text) || (e.status === 404 && egressId))
    return { code: "not_found", message: UNKNOWN_EGRESS(egressId ?? "with that id") };
  if (e.status === 404)
    return { code: "not_found", message: `LiveKit refused: ${maskUrlsIn(text).slice(0, 200)}` };
  if (e.status >= 400 && e.status < 500)
    return {
      code: "rejected",
      message: `LiveKit refused the request: ${maskUrlsIn(text.replace(/^twirp error [a-z_]+:\s*/i, "")).slice(0, 200)}`,
    };
  return toAppError(e, url);
}

export const egressFailure = (e: unknown, url: string, egressId?: string) => {
  if (e instanceof ActionFailure) return e;
  const { startCode: _c, ...appError } = egressError(e, url, { egressId });
  return new ActionFailure(appError);
};
