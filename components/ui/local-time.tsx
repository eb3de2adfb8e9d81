"use client";

import { useTimeAgo } from "@/components/ui/clock";

const FORMAT: Intl.DateTimeFormatOptions = {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hour12: false,
  timeZoneName: "short",
};

/**
 * A moment in the reader's own time zone, named ("23 Nov 2026, 14:05:09 CET"); the server's
 * first render says UTC, the browser then shows local time. The exact instant is on hover.
 */
export function LocalTime({ iso, time = false }: { iso: string; time?: boolean }) {
  const d = new Date(iso);
  const opts: Intl.DateTimeFormatOptions = time
    ? { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false }
    : FORMAT;
  const zone = typeof window === "undefined" ? { timeZone: "UTC" } : {};
  return (
    <time dateTime={iso} title={d.toISOString()} suppressHydrationWarning>
      {d.toLocaleString("en-GB", { ...opts, ...zone })}
    </time>
  );
}

/**
 * "3 min ago", kept current by the page's one clock (it renders again only when its text
 * changes), the exact moment on hover. The server's render and the browser's first differ by
 * the time between them: not a hydration error.
 */
export function RelativeTime({ ms }: { ms: number }) {
  const d = new Date(ms);
  return (
    <time dateTime={d.toISOString()} title={d.toString()} suppressHydrationWarning>
      {useTimeAgo(ms)}
    </time>
  );
}
