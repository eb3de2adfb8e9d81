import "server-only";
import { createHash } from "node:crypto";
import * as client from "openid-client";
import type { OidcSettings } from "@/lib/auth/access-config";
import { processSingleton } from "@/lib/process-singleton";

/** Each request to the provider waits at most this long: a sign-in never hangs on it. */
export const PROVIDER_TIMEOUT_SEC = 5;
/** A discovery document is read again after this long (keys rotate through jwks_uri anyway). */
const REDISCOVER_MS = 60 * 60_000;

const isLoopback = (url: URL) =>
  url.hostname === "localhost" || url.hostname === "[::1]" || /^127\./.test(url.hostname);

/** What a configuration was discovered for: a new secret or issuer discovers again. */
const keyOf = (s: OidcSettings) =>
  createHash("sha256").update(`${s.issuer}\0${s.clientId}\0${s.clientSecret}`).digest("hex");

type Held = { key: string; at: number; config: Promise<client.Configuration> };
const held = () => processSingleton("oidc-discovery", (): { current?: Held } => ({}));

/**
 * The provider's configuration from its discovery document, read once per process and hour
 * (one request per sign-in would make the provider's availability every click's problem).
 * openid-client checks that the document names the configured issuer. A failure is not kept:
 * the next sign-in asks again.
 */
export function providerConfig(s: OidcSettings, now = Date.now()): Promise<client.Configuration> {
  const h = held();
  const key = keyOf(s);
  if (h.current && h.current.key === key && now - h.current.at < REDISCOVER_MS)
    return h.current.config;
  const issuer = new URL(s.issuer);
  const config = client.discovery(issuer, s.clientId, s.clientSecret, undefined, {
    timeout: PROVIDER_TIMEOUT_SEC,
    execute: [
      // ID tokens' signatures are checked against the provider's keys (jwks_uri) even though
      // they come straight from its token endpoint: openid-client would otherwise trust the
      // TLS connection alone, and a token re-signed by anyone in between would pass.
      client.enableNonRepudiationChecks,
      // http only to a provider on this machine (the schema refuses it elsewhere).
      ...(isLoopback(issuer) ? [client.allowInsecureRequests] : []),
    ],
  });
  const entry: Held = { key, at: now, config };
  h.current = entry;
  config.catch(() => {
    if (h.current === entry) h.current = undefined;
  });
  return config;
}

/** Forgets the discovered configuration (tests that restart the provider on another key). */
export function forgetProviderConfig() {
  held().current = undefined;
}
