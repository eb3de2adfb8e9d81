import "server-only";
import type { AppError } from "@/lib/procedures/result";

/** Shape of livekit-server-sdk's ServerError/TwirpError, read structurally. */
type TwirpLike = { status: number; code?: string; message: string };

const isTwirp = (e: unknown): e is TwirpLike =>
  e instanceof Error && typeof (e as { status?: unknown }).status === "number";

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
]);

function causeCode(e: unknown): string | undefined {
  // fetch() hides the socket error in err.cause (sometimes nested once more).
  let cur: unknown = e;
  for (let i = 0; i < 3 && cur && typeof cur === "object"; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string" && NETWORK_CODES.has(code)) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

const isTimeout = (e: unknown) =>
  e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");

/** Short, token-free upstream text, for the few errors whose wording helps the operator. */
function safeUpstreamText(message: string): string {
  return message
    .replace(/^twirp error [a-z_]+:\s*/i, "")
    .replace(/ey[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g, "[token]")
    .slice(0, 200);
}

/**
 * Maps anything the SDK throws to a fixed, safe error. `url` is the LiveKit origin the
 * console is configured with, named in the message so the operator knows which server.
 */
export function toAppError(e: unknown, url: string): AppError {
  if (isTwirp(e)) {
    if (e.status === 401 || e.status === 403) {
      const badKey = /invalid API key/i.test(e.message);
      return {
        code: "unauthorized",
        message: badKey
          ? `LiveKit at ${url} does not know this API key. Check LIVEKIT_API_KEY.`
          : `LiveKit at ${url} refused the API key's signature. Check that LIVEKIT_API_SECRET belongs to LIVEKIT_API_KEY.`,
      };
    }
    if (e.status === 404 || e.code === "not_found") {
      return { code: "not_found", message: "The room no longer exists." };
    }
    if (e.code === "already_exists") {
      return { code: "already_exists", message: safeUpstreamText(e.message) };
    }
    if (e.status >= 400 && e.status < 500) {
      return {
        code: "rejected",
        message: `LiveKit refused the request: ${safeUpstreamText(e.message)}`,
      };
    }
    return {
      code: "rejected",
      message: `LiveKit at ${url} failed with HTTP ${e.status}. Check the server's logs, then retry.`,
    };
  }
  if (isTimeout(e)) {
    return {
      code: "timeout",
      message: `LiveKit at ${url} did not answer in time. It may be overloaded or the network is slow; the console keeps retrying.`,
    };
  }
  const net = causeCode(e);
  if (net || (e instanceof TypeError && e.message === "fetch failed")) {
    const what =
      net === "ENOTFOUND" || net === "EAI_AGAIN"
        ? "its host name does not resolve"
        : net?.startsWith("CERT") || net?.includes("VERIFY") || net?.includes("SIGNED")
          ? "its TLS certificate is not trusted"
          : "the connection was refused or dropped";
    return {
      code: "unreachable",
      message: `Cannot reach LiveKit at ${url}: ${what}${net ? ` (${net})` : ""}. Check that the server is running and LIVEKIT_URL is right.`,
    };
  }
  return {
    code: "internal",
    message: "Something went wrong on the console's server. The details are in its log.",
  };
}
