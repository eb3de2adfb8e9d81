import "server-only";
import { toAppError } from "@/lib/livekit/errors";
import { ActionFailure } from "@/lib/procedures/failure";
import type { AppError } from "@/lib/procedures/result";

type TwirpLike = { status: number; message: string };
const isTwirp = (e: unknown): e is TwirpLike =>
  e instanceof Error && typeof (e as { status?: unknown }).status === "number";

export const NO_REDIS = (url: string) =>
  `LiveKit at ${url} has no Redis, and incoming streams (ingress) need one. Add a redis: section to livekit-server's configuration (redis: { address: "127.0.0.1:6379" }), restart it, and run livekit/ingress against the same Redis.`;
export const NO_INGRESS_SERVICE = (url: string) =>
  `No ingress service answered: LiveKit at ${url} stores stream inputs, but pulling a URL needs livekit/ingress running and connected to the same Redis as livekit-server. Start livekit/ingress, then retry. RTMP and WHIP inputs can still be created; they go live when livekit/ingress runs and a stream arrives.`;
export const GONE =
  "This stream input no longer exists (someone may have deleted it). Reload the list.";

/** LiveKit's "Internal service panic" on update/delete: what it answers when it has no Redis. */
export const isPanic = (e: unknown) => isTwirp(e) && /internal service panic/i.test(e.message);

/** LiveKit's ingress refusals in plain words, on the field they concern; else the usual mapping. */
export function ingressError(e: unknown, url: string): AppError {
  if (!isTwirp(e)) return toAppError(e, url);
  const text = e.message;
  if (/ingress not connected|redis required/i.test(text))
    return { code: "config", message: NO_REDIS(url) };
  if (e.status === 503 || /no response from servers/i.test(text))
    return { code: "rejected", message: NO_INGRESS_SERVICE(url) };
  if (/ingress does not exist/i.test(text)) return { code: "not_found", message: GONE };
  if (/not reusable/i.test(text))
    return {
      code: "rejected",
      message: "A URL input cannot be changed once created. Delete it and create another.",
    };
  const scheme = /invalid url scheme (\S*)/i.exec(text);
  if (scheme) {
    const message = `Source URL: LiveKit pulls only http, https and srt URLs (not ${scheme[1]})`;
    return { code: "invalid_input", message, fieldErrors: { url: [message] } };
  }
  if (/transcoding/i.test(text)) {
    const message = `Transcoding: LiveKit refused this combination (${text.replace(/^twirp error [a-z_]+:\s*/i, "").slice(0, 160)})`;
    return { code: "invalid_input", message, fieldErrors: { transcoding: [message] } };
  }
  if (e.status === 404) return { code: "not_found", message: GONE };
  return toAppError(e, url);
}

export const ingressFailure = (e: unknown, url: string) =>
  e instanceof ActionFailure ? e : new ActionFailure(ingressError(e, url));
