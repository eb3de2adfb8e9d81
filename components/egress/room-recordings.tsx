"use client";

import { RecordingsPanel } from "./recordings-panel";

/** The room page's Recordings section: this room's recordings and streams, live. */
export function RoomRecordings(props: { project: string; room: string; canManage: boolean }) {
  return (
    <section aria-labelledby="recordings-heading" className="mt-6">
      <h2
        id="recordings-heading"
        className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500"
      >
        Recordings
      </h2>
      <RecordingsPanel {...props} inRoom />
    </section>
  );
}
