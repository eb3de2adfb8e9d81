/**
 * A watcher's LiveKit identity names the console and the operator, so LiveKit's own logs and
 * webhooks say who was listening: `console-watch:<user>:<random>`. The room page leaves these
 * out of its participants (LiveKit lists hidden participants too).
 */
export const WATCH_PREFIX = "console-watch:";

/** What LiveKit says of a participant's grant (ParticipantInfo.permission on the server,
 * RemoteParticipant.permissions in the browser). */
type Seen = { identity: string; permission?: { hidden?: boolean; canPublish?: boolean } };

/**
 * One of the console's own watchers, left out of the room's people: the name alone is not
 * enough (anyone a room's app lets choose an identity could call themselves
 * `console-watch:x` and publish unseen), so only a hidden, subscribe-only grant counts, as the
 * console's watch token is and an app's ordinary participant is not.
 */
export const isWatcher = (p: Seen) =>
  p.identity.startsWith(WATCH_PREFIX) &&
  p.permission?.hidden === true &&
  p.permission.canPublish !== true;

/** Whether `identity` is one of `username`'s own watches (the only ones they may end). */
export const isWatchOf = (identity: string, username: string) =>
  identity.startsWith(`${WATCH_PREFIX}${username}:`);

export function watcherIdentity(username: string, random = crypto.randomUUID().slice(0, 8)) {
  return `${WATCH_PREFIX}${username}:${random}`;
}
