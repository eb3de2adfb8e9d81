import { Redis } from "ioredis";
import { startLiveKit } from "../support/livekit";
import { PORTS, REDIS_DBS } from "../support/ports";
import { E2E, E2E_KEYS, E2E_SECOND_SECRET } from "../support/e2e-env";

/** LiveKit keeps SIP trunks and rules in Redis: main's server has this db of the machine's Redis. */
const MAIN_REDIS_DB = REDIS_DBS.e2e;

/** Real livekit-servers for the two projects of the main app; the fault specs run their own. */
export default async function globalSetup() {
  // A fresh db: rooms, trunks and rules of an earlier run would show in this one.
  const redis = new Redis({ db: MAIN_REDIS_DB, lazyConnect: true });
  await redis.connect();
  await redis.flushdb();
  redis.disconnect();
  // Each posts its webhooks to the console's receiver for its project (History).
  // "main" has Redis (its SIP API answers, with no SIP service); "second" has none.
  const main = await startLiveKit({
    port: PORTS.e2e,
    ...E2E_KEYS,
    redisDb: MAIN_REDIS_DB,
    webhooks: [`${E2E.app}/api/webhooks/main`],
    // What CreateIngress answers with (no ingress service listens there: none can run here).
    ingress: { rtmpBaseUrl: "rtmp://127.0.0.1:1935/live", whipBaseUrl: "http://127.0.0.1:8085/w" },
  });
  const second = await startLiveKit({
    port: PORTS.e2eSecond,
    apiKey: E2E_KEYS.apiKey,
    apiSecret: E2E_SECOND_SECRET,
    webhooks: [`${E2E.app}/api/webhooks/second`],
  });
  return async () => {
    await Promise.all([main.stop(), second.stop()]);
  };
}
