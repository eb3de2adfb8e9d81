import type { LiveKitTarget } from "@/lib/config-schema";

/** Which LiveKit the page talks to, always visible: "am I on production?" must never be a guess. */
export function ServerBadge({ target }: { target: LiveKitTarget }) {
  const host = new URL(target.url).host;
  return (
    <span
      title={`LiveKit at ${target.url} (API key ${target.apiKey})`}
      className="min-w-0 truncate rounded-full border border-slate-200 bg-slate-50 px-2.5 py-1 font-mono text-xs text-slate-600"
    >
      {target.embedded ? `${host} · local dev` : host}
    </span>
  );
}
