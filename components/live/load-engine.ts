"use client";

/**
 * react-query (~11 KiB gzip) is not part of the first load: the page is drawn from the rows the
 * server rendered, and the live layer loads once the page runs. One import for the tab.
 */
type Engine = typeof import("./engine");

let loading: Promise<Engine> | undefined;

export function loadEngine(): Promise<Engine> {
  // A failed load (the server restarted with a new build, say) is tried again by the next caller.
  return (loading ??= import("./engine").catch((e: unknown) => {
    loading = undefined;
    throw e;
  }));
}
