"use client";

import { useRouter } from "next/navigation";
import { useCallback, type MouseEvent } from "react";

/**
 * Client-side navigation for plain `<a data-nav href>` links inside an element, from one
 * click handler on it. A table of 100 rows with two links each renders 200 anchors instead of
 * 200 `next/link` components (each with its hooks and effects), which is most of what a search
 * that replaces every row costs. Clicks with a modifier key or another button, and links
 * that open elsewhere, are left to the browser as usual.
 */
export function useLinkClicks() {
  const router = useRouter();
  return useCallback(
    (e: MouseEvent<HTMLElement>) => {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey)
        return;
      const a = (e.target as Element).closest?.("a[data-nav]");
      if (!(a instanceof HTMLAnchorElement) || !e.currentTarget.contains(a) || a.target) return;
      const url = new URL(a.href);
      if (url.origin !== window.location.origin) return;
      e.preventDefault();
      router.push(url.pathname + url.search + url.hash);
    },
    [router],
  );
}
