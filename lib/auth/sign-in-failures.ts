import "server-only";

/**
 * What a failed sign-in says, by its code. The sign-in route answers with these (as JSON, or as
 * `/sign-in?failed=<code>` after a form post) and the sign-in page shows them for that code.
 */
export const SIGN_IN_FAILURE = {
  unauthenticated: "Wrong username or password.",
  invalid_input: "Enter your username and your password.",
  throttled: "Too many failed sign-ins. Try again in a few minutes.",
  audit_unavailable:
    "Sign-in is unavailable: the console's database cannot be reached. Check the audit database.",
  forbidden: "Cross-site sign-in refused.",
} as const;

export type SignInFailureCode = keyof typeof SIGN_IN_FAILURE;

/** The message for a code from the address; nothing for a code we never send. */
export function signInFailureMessage(code: string | undefined): string | undefined {
  return code !== undefined && Object.hasOwn(SIGN_IN_FAILURE, code)
    ? SIGN_IN_FAILURE[code as SignInFailureCode]
    : undefined;
}
