// Requests an operator is waiting on right now, for the console's background passes to give
// way to (mapYielding in lib/concurrency.ts). On one thread, Needs attention's pass over 10,000
// rooms ran in 4 ms slices between which a search got in, but a search needs a dozen turns
// of the event loop and waited behind a slice at each: 60-200 ms instead of 10.

/** Shared through globalThis: the server and the app's bundles are separate module graphs. */
const KEY = Symbol.for("livekit-admin.foreground");

/**
 * The rooms table's reads (search, sort, page, poll), a room's, and the rooms and room pages.
 * Not Needs attention, its count or the overview: they wait for the very pass that would give
 * way to them.
 */
export function isForeground(url) {
  const path = String(url ?? "").split("?")[0];
  return /^\/(api\/)?p\/[^/]+\/rooms(\/|$)/.test(path);
}

/** The shared state: requests in flight, and passes waiting for them to end. */
export function foregroundState() {
  return (globalThis[KEY] ??= { inFlight: 0, waiters: new Set() });
}

/** Counts `req` while it is answered, when it is one an operator waits on. */
export function trackForeground(req, res) {
  if (!isForeground(req.url)) return;
  const state = foregroundState();
  state.inFlight += 1;
  // "close" comes once per response, answered or aborted.
  res.once("close", () => {
    state.inFlight -= 1;
    if (state.inFlight > 0) return;
    const waiters = [...state.waiters];
    state.waiters.clear();
    for (const wake of waiters) wake();
  });
}
