import type { SessionView } from "@/lib/history/view";

const STYLE = {
  open: "bg-emerald-100 text-emerald-800",
  finished: "bg-slate-100 text-slate-700",
  gap: "bg-amber-100 text-amber-900",
};

/** Open, closed, or closed without a webhook (a gap history admits to). */
export function EndBadge({ session: s }: { session: SessionView }) {
  const [style, text, hint] = !s.endedAt
    ? [STYLE.open, "open", "The room is live."]
    : s.endKind === "no_webhook"
      ? [
          STYLE.gap,
          "ended, no webhook",
          "The room left LiveKit's list but no room_finished webhook arrived: the end time is when the console noticed.",
        ]
      : [STYLE.finished, "closed", "LiveKit reported the room closed."];
  return (
    <span className="inline-flex items-center gap-1">
      <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${style}`} title={hint}>
        {text}
      </span>
      {s.seenBy === "listing" && (
        <span
          className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900"
          title="No webhook announced this room; the console found it in LiveKit's room list. Its first events may be missing."
        >
          seen by listing
        </span>
      )}
    </span>
  );
}
