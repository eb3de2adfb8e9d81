import "server-only";
import * as client from "openid-client";
import type { OidcFailureCode } from "@/lib/auth/oidc/failures";

export type Classified = {
  code: OidcFailureCode;
  /** The provider's OAuth error code (`invalid_grant`, `access_denied`), when it sent one. */
  providerError?: string;
  /** openid-client's code for a check that failed (`OAUTH_JWT_CLAIM_COMPARISON_FAILED`). */
  check?: string;
};

const isServerError = (r: unknown) => r instanceof Response && r.status >= 500 && r.status <= 504;

/** A failure to reach the provider at all: refused, reset, unknown host, timed out. */
function unreachable(e: unknown): boolean {
  for (let cur = e, depth = 0; cur && depth < 4; depth++) {
    const err = cur as { name?: string; code?: string; cause?: unknown; message?: string };
    if (err.name === "TimeoutError" || err.name === "AbortError") return true;
    if (
      err.code &&
      /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ETIMEDOUT|UND_ERR_)/.test(
        err.code,
      )
    )
      return true;
    if (err.name === "TypeError" && err.message === "fetch failed") return true;
    // A gateway or load balancer in front of a provider that is down answers 502-504 itself.
    if (err.code === "OAUTH_RESPONSE_IS_NOT_CONFORM" && isServerError(err.cause)) return true;
    cur = err.cause;
  }
  return false;
}

const CLIENT_REFUSED = new Set(["invalid_client", "unauthorized_client"]);
const DENIED = new Set([
  "access_denied",
  "login_required",
  "consent_required",
  "interaction_required",
]);

/**
 * Sorts an error of openid-client into what the person is told. `phase` says where it came from:
 * reading the discovery document, or checking the callback and redeeming its code.
 */
export function classifyOidcError(e: unknown, phase: "discovery" | "callback"): Classified {
  if (unreachable(e)) return { code: "oidc_unreachable" };
  const check = e instanceof client.ClientError ? e.code : undefined;
  // It answered, but not as the issuer configured: a wrong URL, or not an OpenID provider.
  if (phase === "discovery") return { code: "oidc_misconfigured", check };
  if (e instanceof client.AuthorizationResponseError) {
    const providerError = e.error;
    return {
      code: DENIED.has(providerError) ? "oidc_denied" : "oidc_provider_error",
      providerError,
    };
  }
  if (e instanceof client.ResponseBodyError) {
    const providerError = e.error;
    if (CLIENT_REFUSED.has(providerError)) return { code: "oidc_client_refused", providerError };
    // A code used twice, or one made for another client or callback URL.
    if (providerError === "invalid_grant") return { code: "oidc_refused", providerError };
    return { code: "oidc_provider_error", providerError };
  }
  if (check === "OAUTH_JWT_TIMESTAMP_CHECK_FAILED") return { code: "oidc_clock", check };
  return { code: "oidc_refused", check };
}
