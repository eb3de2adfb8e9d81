"use client";

import Link from "next/link";
import { useProject } from "@/components/project-context";
import { PageHeading } from "@/components/ui/page-heading";
import type { EgressList } from "@/lib/egress/types";
import type { Initial } from "@/lib/procedures/result";
import { RecordingsPanel } from "./recordings-panel";

/** The project's recordings and streams; `?room=` (in the URL, so a view can be shared) filters. */
export function RecordingsView({ room, initial }: { room?: string; initial: Initial<EgressList> }) {
  const { project, canManage } = useProject();
  return (
    <section aria-labelledby="recordings-heading">
      <PageHeading id="recordings-heading" title="Recordings">
        Recordings and streams (LiveKit egress), active and recent, from LiveKit&apos;s list and its
        webhooks. Stream keys are masked for everyone.
        {!canManage && " Only operators start, stop or change them."}
      </PageHeading>
      <form method="get" className="mb-4 flex flex-wrap items-end gap-2" role="search">
        <div>
          <label htmlFor="egress-room" className="mb-1 block text-sm font-medium text-slate-800">
            Room
          </label>
          <input
            id="egress-room"
            name="room"
            defaultValue={room ?? ""}
            placeholder="Any room"
            className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
          />
        </div>
        <button
          type="submit"
          className="h-9 rounded-md bg-slate-900 px-4 text-sm font-medium text-white"
        >
          Filter
        </button>
        {room && (
          <Link href="?" className="text-sm underline">
            All rooms
          </Link>
        )}
      </form>
      <RecordingsPanel
        key={room ?? ""}
        project={project}
        room={room}
        canManage={canManage}
        initial={initial}
      />
    </section>
  );
}
