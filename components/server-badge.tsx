import "server-only";
import { liveKitTarget } from "@/lib/env";

/** Which LiveKit the console talks to, always visible: "am I on production?" must never be a guess. */
export function ServerBadge() {
  let label: string;
  let title: string;
  try {
    const t = liveKitTarget();
    label = t.embedded ? `${new URL(t.url).host} · local dev` : new URL(t.url).host;
    title = `LiveKit at ${t.url} (API key ${t.apiKey})`;
  } catch {
    label = "misconfigured";
    title = "LiveKit configuration is invalid; see the server log";
  }
  return (
    <span
      title={title}
      className="ml-auto rounded-full border border-slate-200 bg-slate-50 px-3 py-1 font-mono text-xs text-slate-600"
    >
      {label}
    </span>
  );
}
