"use client";

import { lazy, Suspense, type ComponentType, type ReactNode } from "react";

/**
 * A component whose code loads the first time it renders (React.lazy: nothing added to the first
 * load, unlike next/dynamic's loader). Render it only in the browser, once it is wanted.
 */
export function lazyComponent<P extends object>(
  load: () => Promise<ComponentType<P>>,
  /** Shown while the code loads (a placeholder of the same size, so nothing jumps). */
  fallback: ReactNode = null,
) {
  const Lazy = lazy(async () => ({ default: await load() }));
  return function LazyComponent(props: P) {
    return (
      <Suspense fallback={fallback}>
        <Lazy {...props} />
      </Suspense>
    );
  };
}
