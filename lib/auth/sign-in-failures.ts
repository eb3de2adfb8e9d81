import "server-only";
import { USERNAME_MAX_LENGTH } from "@/lib/auth/username";
import { SERVED_WRONG } from "@/lib/http/request";

/**
 * What a failed sign-in says, by its code. The sign-in route answers with these (as JSON, or as
 * `/sign-in?failed=<code>` after a form post) and the sign-in page shows them for that code.
 */
export const SIGN_IN_FAILURE = {
  unauthenticated: "Wrong username or password.",
  invalid_input: "Enter your username and your password.",
  throttled: "Too many failed sign-ins from this address. Try again in a few minutes.",
  busy: "Another sign-in from this address is being checked. Try again in a moment.",
  audit_unavailable:
    "Sign-in is unavailable: the console's database cannot be reached. Check the audit database.",
  forbidden: "Cross-site sign-in refused.",
  served_wrong: SERVED_WRONG,
  passwords_off:
    "Sign-in with a password is turned off on this console: use the identity provider's button.",
} as const;

export type SignInFailureCode = keyof typeof SIGN_IN_FAILURE;

/**
 * What a throttled sign-in says when the route can say more than its code: which count refused
 * it (this user from this address, or this address for any user) and when to try again.
 */
export function throttledMessage(
  reason: "locked" | "busy",
  addressOnly: boolean,
  retryAfterSec: number,
): string {
  const minutes = Math.ceil(retryAfterSec / 60);
  const from = addressOnly ? "from this address" : "for this user from this address";
  if (reason === "locked")
    return `Too many failed sign-ins ${from}. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
  return addressOnly
    ? "Too many sign-ins from this address at once. Try again in a moment."
    : "Another sign-in for this user from this address is being checked. Try again in a moment.";
}

/** The message for a code from the address; nothing for a code we never send. */
export function signInFailureMessage(code: string | undefined): string | undefined {
  return code !== undefined && Object.hasOwn(SIGN_IN_FAILURE, code)
    ? SIGN_IN_FAILURE[code as SignInFailureCode]
    : undefined;
}

/**
 * After a failed sign-in posted by the form itself (before the page's scripts ran), the
 * username typed comes back to the sign-in page in this cookie: HttpOnly, for /sign-in only,
 * ten minutes, never in an address (history, logs). The page puts it back in its field.
 */
export const TYPED_USERNAME_COOKIE = "lka-sign-in-username";
export const TYPED_USERNAME_MAX_AGE_SEC = 600;

/** The username the cookie holds, if it is one an operator could have (1-64 characters). */
export function typedUsername(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let name: string;
  try {
    name = decodeURIComponent(value);
  } catch {
    return undefined;
  }
  return name.length > 0 &&
    name.length <= USERNAME_MAX_LENGTH &&
    !/[\u0000-\u001f\u007f]/.test(name)
    ? name
    : undefined;
}
