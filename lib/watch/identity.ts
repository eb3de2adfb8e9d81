/**
 * A watcher's LiveKit identity names the console and the operator, so LiveKit's own logs and
 * webhooks say who was listening: `console-watch:<user>:<random>`. The room page leaves these
 * out of its participants (LiveKit lists hidden participants too).
 */
export const WATCH_PREFIX = "console-watch:";

export const isWatcher = (identity: string) => identity.startsWith(WATCH_PREFIX);

/** Whether `identity` is one of `username`'s own watches (the only ones they may end). */
export const isWatchOf = (identity: string, username: string) =>
  identity.startsWith(`${WATCH_PREFIX}${username}:`);

export function watcherIdentity(username: string, random = crypto.randomUUID().slice(0, 8)) {
  return `${WATCH_PREFIX}${username}:${random}`;
}
