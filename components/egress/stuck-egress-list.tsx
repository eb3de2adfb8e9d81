"use client";

import Link from "next/link";
import { recordingsHref } from "@/lib/egress/href";
import { stuckText, type StuckEgress } from "@/lib/egress/stuck";
import { KIND_LABEL, destinations } from "@/lib/egress/words";

/**
 * Needs attention's recordings: each with its reasons and what to do, worded with the page's
 * own clock (`now`: the server's read time at first, so its HTML and the browser's agree).
 */
export function StuckEgressList({
  project,
  items,
  now,
}: {
  project: string;
  items: StuckEgress[];
  now: number;
}) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="stuck-egress-heading" className="mb-6">
      <h2
        id="stuck-egress-heading"
        className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500"
      >
        Recordings that look stuck ({items.length})
      </h2>
      <ul className="divide-y divide-slate-100 rounded-lg border border-amber-300 bg-white shadow-sm">
        {items.map(({ egress: e, reasons }) => (
          <li key={e.id} className="p-3 text-sm" data-testid="stuck-egress" data-egress={e.id}>
            <p>
              <span className="font-medium">{KIND_LABEL[e.kind]}</span>{" "}
              <span className="font-mono text-xs">{e.id}</span> of room “{e.room}”
              {destinations(e).length > 0 && (
                <span className="text-slate-600"> → {destinations(e).join(", ")}</span>
              )}
            </p>
            <ul className="mt-1 list-disc space-y-1 pl-5 text-slate-700">
              {reasons.map((r) => (
                <li key={r.code}>{stuckText(r, e, now)}</li>
              ))}
            </ul>
            <Link
              href={recordingsHref(project, e.room)}
              prefetch={false}
              className="mt-1 inline-block text-sm underline"
            >
              Open in Recordings (stop it there)
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
