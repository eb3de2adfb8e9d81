import "server-only";
import { toAppError } from "@/lib/livekit/errors";
import { ActionFailure } from "@/lib/procedures/failure";
import type { AppError } from "@/lib/procedures/result";

type TwirpLike = { status: number; message: string };
const isTwirp = (e: unknown): e is TwirpLike =>
  e instanceof Error && typeof (e as { status?: unknown }).status === "number";

export const NO_REDIS = (url: string) =>
  `LiveKit at ${url} has no Redis, and its SIP features (trunks, dispatch rules, calls) need one. Add a redis: section to livekit-server's configuration (redis: { address: "127.0.0.1:6379" }), restart it, and start livekit/sip against the same Redis.`;
export const NO_SIP_SERVICE = (url: string) =>
  `No SIP service answered: LiveKit at ${url} stores trunks and rules, but placing or transferring a call needs livekit/sip running and connected to the same Redis as livekit-server. Start livekit/sip, then retry.`;

/** The first quoted trunk or rule id in LiveKit's text, e.g. "ST_9Kja5DcMZku2". */
const idIn = (text: string, prefix: string) =>
  new RegExp(`"(${prefix}_[A-Za-z0-9]+)"`).exec(text)?.[1];

/** LiveKit's SIP refusals in plain words, on the field they concern; else the usual mapping. */
export function sipError(e: unknown, url: string): AppError {
  if (!isTwirp(e)) return toAppError(e, url);
  const text = e.message;
  if (/sip not connected|redis required/i.test(text))
    return { code: "config", message: NO_REDIS(url) };
  // "rejected", not "unreachable": LiveKit itself answered (that code would blame LiveKit).
  if (e.status === 503 || /no response from servers/i.test(text))
    return { code: "rejected", message: NO_SIP_SERVICE(url) };
  if (/sip trunk does not exist/i.test(text)) {
    const message =
      "Outbound trunk: it no longer exists (someone may have deleted it). Reload the page and pick another.";
    return { code: "not_found", message, fieldErrors: { trunkId: [message] } };
  }
  const conflict = /Conflicting (inbound|outbound) SIP Trunks.*number\(s\) (\[[^\]]*\])/i.exec(
    text,
  );
  if (conflict) {
    // Go's %q of a list: ["+1555…" "+1555…"], space-separated, so not JSON beyond one number.
    const numbers = [...conflict[2]!.matchAll(/"([^"]*)"/g)].map((m) => m[1]).join(", ");
    const other = idIn(text.replace('"<new>"', ""), "ST") ?? "another trunk";
    const message = `Numbers: ${numbers} already belong to trunk ${other}. A number can route to one trunk only, unless both trunks set Allowed numbers or Allowed addresses that tell their callers apart.`;
    return { code: "conflict", message, fieldErrors: { numbers: [message] } };
  }
  if (/Dispatch rule for the same trunk.*already exists/i.test(text)) {
    const other = idIn(text, "SDR") ?? "another rule";
    const message = `Trunks: dispatch rule ${other} already takes calls for the same trunks and PIN. Choose other trunks (none means every trunk) or a different PIN.`;
    return { code: "conflict", message, fieldErrors: { trunkIds: [message] } };
  }
  if (e.status === 404) {
    return { code: "not_found", message: "That call or participant is no longer in the room." };
  }
  return toAppError(e, url);
}

export const sipFailure = (e: unknown, url: string) =>
  e instanceof ActionFailure ? e : new ActionFailure(sipError(e, url));
