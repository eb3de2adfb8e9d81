/** Small formatting helpers shared by server and browser. */
export function plural(n: number, word: string): string {
  return `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;
}

/** "just now", "42 s ago", "3 min ago", "5 h ago", "2 d ago". */
export function timeAgo(thenMs: number, nowMs: number): string {
  const s = Math.max(0, Math.floor((nowMs - thenMs) / 1000));
  if (s < 5) return "just now";
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.floor(h / 24)} d ago`;
}

/** Seconds as "45 s", "5 min", "1 h 30 min". */
export function formatSeconds(total: number): string {
  if (total < 60) return `${total} s`;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const parts = [h ? `${h} h` : "", m ? `${m} min` : "", s && !h ? `${s} s` : ""];
  return parts.filter(Boolean).join(" ");
}

/** How long between two instants (ISO strings), as "45 s", "5 min", "1 h 30 min". */
export function durationBetween(fromIso: string, toIso: string): string {
  return formatSeconds(Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 1000)));
}

export function byteLength(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** 1536 → "1.5 KB", 3_500_000 → "3.3 MB" (binary multiples, one decimal). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 1024) return `${Math.max(0, Math.round(n || 0))} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}
