// Requests an operator is waiting on right now, for the console's background passes to give
// way to (giveWay in lib/concurrency.ts). On one thread, Needs attention's pass over 10,000
// rooms ran in 4 ms slices between which a search got in, but a search needs a dozen turns
// of the event loop and waited behind a slice at each: 60-200 ms instead of 10.
import { processSingleton } from "@/lib/process-singleton";

type Foreground = { inFlight: number; waiters: Set<() => void> };

/** One per process: route handlers and pages are separate bundles. A count only. */
export function foregroundState(): Foreground {
  return processSingleton("foreground", (): Foreground => ({ inFlight: 0, waiters: new Set() }));
}

/**
 * The rooms table's reads (search, sort, page, poll), a room's, and the rooms and room pages.
 * Not Needs attention, its count or the overview: they wait for the very pass that would give
 * way to them.
 */
export function isForeground(pathname: string): boolean {
  return /^\/(api\/)?p\/[^/]+\/rooms(\/|$)/.test(pathname);
}

/** Runs `work` counted as a request an operator waits on. */
export async function asForeground<T>(work: () => Promise<T>): Promise<T> {
  const state = foregroundState();
  state.inFlight += 1;
  try {
    return await work();
  } finally {
    state.inFlight -= 1;
    if (state.inFlight <= 0) {
      const waiters = [...state.waiters];
      state.waiters.clear();
      for (const wake of waiters) wake();
    }
  }
}
