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

/**
 * Plain data only: Next loads openid-client once per bundle (the start route, the callback,
 * instrumentation), and a Configuration made by one copy is refused by another's `instanceof`.
 * So the process keeps the discovered metadata and the provider's keys, and each use builds
 * its Configuration from them.
 */
type Held = {
  key: string;
  at: number;
  metadata: Promise<client.ServerMetadata>;
  jwks?: client.ExportedJWKSCache;
};
const held = () => processSingleton("oidc-discovery", (): { current?: Held } => ({}));

function discovered(s: OidcSettings, now: number): Held {
  const h = held();
  const key = keyOf(s);
  if (h.current && h.current.key === key && now - h.current.at < REDISCOVER_MS) return h.current;
  const issuer = new URL(s.issuer);
  // openid-client checks that the document names the configured issuer.
  const metadata = client
    .discovery(issuer, s.clientId, s.clientSecret, undefined, {
      timeout: PROVIDER_TIMEOUT_SEC,
      execute: isLoopback(issuer) ? [client.allowInsecureRequests] : [],
    })
    .then((c) => c.serverMetadata());
  const entry: Held = { key, at: now, metadata };
  h.current = entry;
  // A failure is not kept: the next sign-in asks again.
  metadata.catch(() => {
    if (h.current === entry) h.current = undefined;
  });
  return entry;
}

/**
 * The provider's configuration, from its discovery document read once per process and hour
 * (one request per sign-in would make the provider's availability every click's problem).
 */
export async function providerConfig(
  s: OidcSettings,
  now = Date.now(),
): Promise<client.Configuration> {
  const entry = discovered(s, now);
  const config = new client.Configuration(await entry.metadata, s.clientId, s.clientSecret);
  config.timeout = PROVIDER_TIMEOUT_SEC;
  // ID tokens' signatures are checked against the provider's keys (jwks_uri) even though they
  // come straight from its token endpoint: openid-client would otherwise trust the TLS
  // connection alone, and a token re-signed by anyone in between would pass.
  client.enableNonRepudiationChecks(config);
  // http only to a provider on this machine (the schema refuses it elsewhere).
  if (isLoopback(new URL(s.issuer))) client.allowInsecureRequests(config);
  if (entry.jwks) client.setJwksCache(config, entry.jwks);
  return config;
}

/** Keeps the provider's keys a configuration fetched, for the next sign-in to reuse. */
export function keepProviderKeys(s: OidcSettings, config: client.Configuration) {
  const jwks = client.getJwksCache(config);
  const current = held().current;
  if (jwks && current && current.key === keyOf(s)) current.jwks = jwks;
}

/** Forgets the discovered configuration (tests that restart the provider on another key). */
export function forgetProviderConfig() {
  held().current = undefined;
}
