import "server-only";
import { errors } from "jose";

/**
 * A logout token older than this is refused even when it has no expiry of its own: a provider
 * sends it as the session ends, and an old one is a replay (Back-Channel Logout 1.0 §2.6).
 */
export const LOGOUT_TOKEN_MAX_AGE_SEC = 5 * 60;
/** How far the provider's clock may be from this server's. */
export const LOGOUT_CLOCK_SKEW_SEC = 60;

/** Why a token issued at `iat` (seconds) is not honoured at `nowSec`, or undefined. */
export function logoutTokenAgeProblem(iat: number, nowSec: number): string | undefined {
  if (iat > nowSec + LOGOUT_CLOCK_SKEW_SEC) return "the logout token is issued in the future";
  if (iat < nowSec - LOGOUT_TOKEN_MAX_AGE_SEC - LOGOUT_CLOCK_SKEW_SEC)
    return "the logout token is older than 5 minutes";
  return undefined;
}

/** Until when a token's jti is remembered: past that, its age refuses it anyway. */
export const jtiKeptUntilSec = (iat: number) =>
  iat + LOGOUT_TOKEN_MAX_AGE_SEC + 2 * LOGOUT_CLOCK_SKEW_SEC;

/**
 * Whether fetching the provider's keys failed (timeout, network, not 200, not a key set), as
 * opposed to the token naming a key or algorithm the provider does not have: the first is
 * worth the provider's retry, the second never is.
 */
export function isKeyFetchFailure(e: unknown): boolean {
  if (
    e instanceof errors.JWKSNoMatchingKey ||
    e instanceof errors.JWKSMultipleMatchingKeys ||
    e instanceof errors.JOSENotSupported
  )
    return false;
  return (
    e instanceof errors.JWKSTimeout ||
    e instanceof errors.JWKSInvalid ||
    // fetch's own failures (refused, reset, aborted) and a body that is not JSON.
    e instanceof TypeError ||
    e instanceof SyntaxError ||
    (e instanceof Error && e.name === "AbortError") ||
    (e instanceof errors.JOSEError && e.code === "ERR_JOSE_GENERIC")
  );
}
