"use client";

import { lazy, Suspense, type ComponentType } from "react";

/**
 * A component whose code loads the first time it renders (React.lazy: nothing added to the first
 * load, unlike next/dynamic's loader). Render it only in the browser, once it is wanted.
 */
export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>) {
  const Lazy = lazy(async () => ({ default: await load() }));
  return function LazyComponent(props: P) {
    return (
      <Suspense fallback={null}>
        <Lazy {...props} />
      </Suspense>
    );
  };
}
