"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef, type RefObject } from "react";

/** Closes an HTML popover if it is open (a browser without popovers never opened one). */
export function closePopover(el: HTMLElement | null) {
  if (el && typeof el.hidePopover === "function" && el.matches(":popover-open")) el.hidePopover();
}

/**
 * An HTML popover (opened by its button's popovertarget, from the first paint, with or without
 * the app) that the app closes when the page changes: a menu of links stays open across a
 * client-side navigation otherwise, as the top layer outlives the page's content. Only a
 * change of page closes it: one opened before the app started stays open when the app takes
 * over the page.
 */
export function useClosedOnNavigation(ref: RefObject<HTMLElement | null>) {
  const path = usePathname();
  const openedOn = useRef(path);
  useEffect(() => {
    if (openedOn.current === path) return;
    openedOn.current = path;
    closePopover(ref.current);
  }, [ref, path]);
}
