/**
 * Stands in for the request's cookie jar when actions are called in-process (Vitest):
 * tests put a real signed token here; the console's own code verifies it.
 */
let token: string | undefined;

export function setSessionToken(value: string | undefined) {
  token = value;
}

export const cookieJar = {
  get: (name: string) =>
    name === "lka_session" && token !== undefined ? { name, value: token } : undefined,
};
