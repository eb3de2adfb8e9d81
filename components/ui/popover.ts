"use client";

import { usePathname } from "next/navigation";
import { useEffect, type RefObject } from "react";

/** Closes an HTML popover if it is open (a browser without popovers never opened one). */
export function closePopover(el: HTMLElement | null) {
  if (el && typeof el.hidePopover === "function" && el.matches(":popover-open")) el.hidePopover();
}

/**
 * An HTML popover (opened by its button's popovertarget, from the first paint, with or without
 * the app) that the app closes when the page changes: a menu of links stays open across a
 * client-side navigation otherwise, as the top layer outlives the page's content.
 */
export function useClosedOnNavigation(ref: RefObject<HTMLElement | null>) {
  const path = usePathname();
  useEffect(() => {
    closePopover(ref.current);
  }, [ref, path]);
}
