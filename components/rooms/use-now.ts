"use client";

import { useEffect, useState } from "react";

/**
 * The current time, refreshed every `everyMs`, for "x min ago" labels.
 *
 * `startMs`, when the page was rendered on the server, is the moment its data was read there
 * (`initial.fetchedAtMs`, which the browser receives with the page): the server's HTML and the
 * browser's first render then write the same "x ago". With each side's own clock they would
 * differ whenever the app starts a second or more after the server rendered (a first visit,
 * a slow machine): a hydration mismatch, after which React throws the server's HTML away and
 * draws the page again, losing what was typed meanwhile. The real time follows at once.
 */
export function useNow(everyMs = 1_000, startMs?: number): number {
  const [now, setNow] = useState(() => startMs ?? Date.now());
  useEffect(() => {
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const id = setInterval(tick, everyMs);
    return () => {
      clearTimeout(first);
      clearInterval(id);
    };
  }, [everyMs]);
  return now;
}
