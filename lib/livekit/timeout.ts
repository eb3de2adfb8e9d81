import "server-only";

/** Seconds before a RoomService call is abandoned, so a hung server shows as "slow", not a spinner. */
export const REQUEST_TIMEOUT_SEC = 5;

/**
 * Ingress calls that need livekit/ingress (a URL pull; an update or delete of a live stream)
 * wait 3 s for it in LiveKit v1.13 before answering, with or without one: 10 s leaves a worker
 * that is slow to start a pull room to answer, and still ends a hung call.
 */
export const INGRESS_TIMEOUT_SEC = 10;
