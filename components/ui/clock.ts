"use client";

import { useSyncExternalStore } from "react";
import { timeAgo } from "@/lib/format";

/**
 * One clock for every "x min ago" on a page, ticking once a second while anything reads it.
 * Each reader selects its own text from it, so React re-renders only the labels whose text
 * changed: a table of rooms "3 h ago" is not drawn again every second.
 */
let nowMs = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer) {
    nowMs = Date.now();
    timer = setInterval(() => {
      nowMs = Date.now();
      for (const l of listeners) l();
    }, 1_000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The clock's time; read before anything subscribed, it catches up to within a second. */
function readNow() {
  if (!timer && Date.now() - nowMs >= 1_000) nowMs = Date.now();
  return nowMs;
}

/** "3 min ago" for `ms`, kept current: rendered again only when the text changes. */
export function useTimeAgo(ms: number): string {
  return useSyncExternalStore(
    subscribe,
    () => timeAgo(ms, readNow()),
    () => timeAgo(ms, Date.now()),
  );
}
