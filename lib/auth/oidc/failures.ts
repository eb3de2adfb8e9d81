import "server-only";
/**
 * Why a sign-in through the provider failed, by code: the callback sends the browser back to
 * `/sign-in?failed=<code>` and the page says what happened and what to do, naming the provider
 * as configured. Never the provider's own text: it can echo what a stranger sent.
 */
export const OIDC_FAILURES = {
  oidc_unreachable: (p: Named) =>
    `Sign-in with ${p.name} is unavailable: its provider at ${p.issuer} did not answer (it could not be reached, or answered that it is unavailable). Try again in a few minutes; if it lasts, an admin should check that this server can reach ${p.issuer}.`,
  oidc_misconfigured: (p: Named) =>
    `Sign-in with ${p.name} is misconfigured: ${p.issuer} does not serve an OpenID Connect discovery document for that issuer. An admin should check oidc.issuer in the operators file (it must match the provider's issuer exactly).`,
  oidc_client_refused: (p: Named) =>
    `${p.name} refused this console's client credentials. An admin should check oidc.clientId in the operators file and the secret in ${p.secretEnv}.`,
  oidc_denied: (p: Named) =>
    `${p.name} did not sign you in (it answered that access was denied or the sign-in was cancelled). Try again, or ask whoever runs ${p.name} whether this console is open to you.`,
  oidc_provider_error: (p: Named) =>
    `${p.name} answered with an error and did not sign you in. Try again; if it repeats, an admin should check this console's client at ${p.name} (its callback URL, its grant types) and the server's log.`,
  oidc_refused: (p: Named) =>
    `The answer from ${p.name} failed this console's checks (it was not for this sign-in, was used already, or was not signed as ${p.name} signs), so no session was made. Start again from this page.`,
  oidc_clock: (p: Named) =>
    `The sign-in from ${p.name} is expired or not yet valid by this server's clock, so no session was made. Try again; if it repeats, an admin should check that the clocks of this server and of ${p.name} are right (NTP).`,
  oidc_expired: (p: Named) =>
    `This sign-in with ${p.name} was not started from this browser, took longer than 10 minutes, or was finished already. Start again from this page.`,
  oidc_too_many: (p: Named) =>
    `Too many sign-ins with ${p.name} were started from this address in the last 10 minutes without being finished. Finish one, or try again in a few minutes.`,
  oidc_name_taken: (p: Named) =>
    `Your ${p.name} account has the name of a local account of this console, so it cannot sign in through ${p.name}. An admin should rename or remove the local account in the operators file.`,
  oidc_name_bound: (p: Named) =>
    `Another ${p.name} account signed in to this console first with the same name (its e-mail address or username), so this account cannot use it. Ask whoever runs ${p.name} to give your account a verified e-mail address of its own.`,
  oidc_off: () => "Sign-in through an identity provider is not configured on this console.",
} as const satisfies Record<string, (p: Named) => string>;

export type Named = { name: string; issuer: string; secretEnv: string };
export type OidcFailureCode = keyof typeof OIDC_FAILURES;

export function oidcFailureMessage(code: string | undefined, p: Named | undefined) {
  if (code === undefined || !Object.hasOwn(OIDC_FAILURES, code)) return undefined;
  return OIDC_FAILURES[code as OidcFailureCode](
    p ?? { name: "the identity provider", issuer: "the provider", secretEnv: "its variable" },
  );
}
