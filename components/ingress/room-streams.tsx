"use client";

import Link from "next/link";
import { useLiveData } from "@/components/live/live-query";
import { loadEngine } from "@/components/live/load-engine";
import type { IngressList } from "@/lib/ingress/types";
import { apiUrl } from "@/lib/procedures/routes";
import { StreamsManager } from "./streams-manager";

const keyOf = (project: string, room: string) => ["ingress", project, room] as const;

/** The room page's Streams: the inputs that feed this room (one shared list read, see lists.ts). */
export function RoomStreams({
  project,
  room,
  canManage,
}: {
  project: string;
  room: string;
  canManage: boolean;
}) {
  const live = useLiveData<IngressList>(
    keyOf(project, room),
    apiUrl(project, "listIngress", { query: { room } }),
    undefined,
    { intervalMs: 10_000 },
  );
  const ingresses = live.data?.ingresses ?? [];
  return (
    <section aria-labelledby="streams-heading" className="mt-6">
      <h2
        id="streams-heading"
        className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500"
      >
        Streams
      </h2>
      <StreamsManager
        project={project}
        room={room}
        ingresses={ingresses}
        canManage={canManage}
        onChanged={() =>
          void loadEngine().then(
            ({ liveClient }) => liveClient().invalidateQueries({ queryKey: keyOf(project, room) }),
            () => undefined,
          )
        }
      />
      {ingresses.length === 0 && (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">
          {live.error?.appError.code === "config" ? (
            // Most LiveKit servers without Redis: one line here, the whole answer on the page.
            <>
              Incoming streams need Redis in LiveKit;{" "}
              <Link className="underline" href={`/p/${encodeURIComponent(project)}/streams`}>
                Streams
              </Link>{" "}
              says what to set.
            </>
          ) : live.error ? (
            live.error.message
          ) : live.data ? (
            "No stream input feeds this room."
          ) : (
            "Loading streams…"
          )}
        </p>
      )}
    </section>
  );
}
