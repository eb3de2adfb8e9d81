import type { IngressView } from "@/lib/ingress/types";

const TONE: Record<IngressView["state"]["status"], string> = {
  inactive: "bg-slate-100 text-slate-700",
  buffering: "bg-amber-100 text-amber-900",
  publishing: "bg-emerald-100 text-emerald-900",
  error: "bg-red-100 text-red-900",
  complete: "bg-slate-100 text-slate-700",
};

/** The stream's state in a word, and LiveKit's error text when it failed. */
export function StateBadge({ state }: { state: IngressView["state"] }) {
  return (
    <div>
      <span
        className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${TONE[state.status]}`}
        title={state.fromWebhook ? "As its last webhook said" : "As LiveKit stores it"}
      >
        {state.status}
      </span>
      {state.error && <p className="mt-1 max-w-xs text-xs text-red-800">{state.error}</p>}
    </div>
  );
}
