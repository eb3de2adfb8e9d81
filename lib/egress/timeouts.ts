import "server-only";

/**
 * Seconds a start may wait for LiveKit. With Redis but no egress worker, livekit-server waits
 * for a worker to claim the request and answers 503 "no response from servers" after ~22 s
 * (measured: tests/integration/egress.test.ts). The SDK's default 10 s would fire first and
 * hide that answer behind a plain timeout; 30 s lets LiveKit say it.
 */
export const EGRESS_START_TIMEOUT_SEC = 30;

/** List, stop and update: a stop of an id LiveKit does not know takes ~3 s to be refused. */
export const EGRESS_TIMEOUT_SEC = 10;
