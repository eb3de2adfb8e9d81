import "server-only";

/** Seconds before a RoomService call is abandoned, so a hung server shows as "slow", not a spinner. */
export const REQUEST_TIMEOUT_SEC = 5;
