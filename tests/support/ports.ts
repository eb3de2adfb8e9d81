/**
 * Fixed loopback ports per suite, away from the console's 7880 so both can run at once.
 * LKA_TEST_PORT_OFFSET moves them all, so two checkouts can run their suites side by side.
 */
const OFFSET = Number(process.env.LKA_TEST_PORT_OFFSET ?? 0);
const BASE = {
  integration: 7890,
  integrationScratch: 7900,
  /** Two nodes sharing one Redis, for rooms whose node died. */
  integrationNodeA: 7910,
  integrationNodeB: 7920,
  /** A server the live-view tests freeze (SIGSTOP). */
  integrationLive: 7930,
  /** A server that posts its webhooks to the history suite. */
  integrationHistory: 7960,
  /** A server whose webhooks the ingest suite refuses (503) and LiveKit delivers again. */
  integrationIngest: 7965,
  e2e: 7980,
  e2eFault: 7985,
  /** The fault suite's LiveKit behind a slow proxy that stands at e2eFault. */
  e2eFaultUpstream: 7990,
  e2eSecond: 7995,
  e2eApp: 3100,
  e2eFaultApp: 3101,
  /** Two console instances behind HAProxy (round robin, and pages-to-A / actions-to-B). */
  instanceA: 3110,
  instanceB: 3111,
  instancesProxy: 3112,
  instancesSplit: 3113,
  /** HAProxy as docs/scaling.md configures it, in front of the fault app (hostile-requests.spec). */
  e2eProxy: 3114,
  /** The build served by Next's own server (served.spec): what `next start` users get. */
  e2eNextStart: 3115,
  /** The OpenID provider of the sign-on suite, and the attacker's proxy in front of it. */
  integrationOidc: 3116,
  integrationOidcProxy: 3117,
  /** The sign-on suite's back-channel route over HTTP, for the provider to call. */
  integrationOidcRelay: 3121,
  /** Sign-on in the browser: the provider and two consoles configured for it. */
  e2eOidcProvider: 3118,
  e2eOidcApp: 3119,
  e2eOidcAppB: 3120,
  /** A server with Redis (db 14), for SIP trunks, rules and calls. */
  integrationSip: 7940,
  /** A server with Redis (REDIS_DBS.media) and no egress worker, for recordings. */
  integrationEgress: 7945,
  /** A server with Redis (REDIS_DBS.media) and ingress base URLs, for stream inputs. */
  integrationIngress: 7950,
  /** A Redis of the instances suite's own, which it stops and starts. */
  instancesRedis: 6390,
  /** A Redis of the Redis suite's own, which it stops and starts. */
  integrationRedis: 6393,
} as const;

export const PORTS = Object.fromEntries(Object.entries(BASE).map(([k, v]) => [k, v + OFFSET])) as {
  readonly [K in keyof typeof BASE]: number;
};

/**
 * Machine Redis (127.0.0.1:6379) databases the suites' LiveKit servers use; each checkout's set
 * is its own (LKA_TEST_PORT_OFFSET in thousands picks a set), so suites side by side never flush
 * or read each other's rooms.
 */
const REDIS_SETS = [
  { attention: 5, sip: 14, e2e: 13, media: 12 },
  { attention: 1, sip: 2, e2e: 3, media: 4 },
  { attention: 6, sip: 7, e2e: 8, media: 9 },
  { attention: 10, sip: 11, e2e: 15, media: 0 },
  // Redis has 16 databases: a fifth checkout may run its own e2e and unit suites only.
  { attention: 5, sip: 14, e2e: 12, media: 12 },
] as const;
const set = REDIS_SETS[Math.floor(OFFSET / 1000)];
if (!set) throw new Error(`LKA_TEST_PORT_OFFSET=${OFFSET}: use 0, 1000, 2000, 3000 or 4000.`);
export const REDIS_DBS: (typeof REDIS_SETS)[number] = set;
