"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/local-time";
import { Table, Th } from "@/components/ui/table";
import type { EgressView } from "@/lib/egress/types";
import { KIND_LABEL, STATUS_LABEL } from "@/lib/egress/words";
import { formatBytes, formatSeconds } from "@/lib/format";
import { roomHref } from "@/lib/http/room-path";

type Props = {
  project: string;
  rows: EgressView[];
  canManage: boolean;
  /** Leave out the room column (on a room's own page). */
  hideRoom?: boolean;
  stale?: boolean;
  onStop: (e: EgressView) => void;
  onEdit: (e: EgressView) => void;
};

const STATUS_CLASS: Record<string, string> = {
  active: "bg-green-100 text-green-800",
  starting: "bg-blue-100 text-blue-800",
  ending: "bg-blue-100 text-blue-800",
  complete: "bg-slate-100 text-slate-700",
  failed: "bg-red-100 text-red-800",
  aborted: "bg-amber-100 text-amber-900",
  limit_reached: "bg-amber-100 text-amber-900",
};

function Outputs({ e }: { e: EgressView }) {
  const none =
    e.files.length + e.requestedFiles.length + e.streams.length + e.segments.length === 0;
  return (
    <ul className="space-y-0.5 text-xs">
      {e.files.map((f, i) => (
        <li key={`f${i}`}>
          <span className="font-medium">File</span> <span className="font-mono">{f.filename}</span>
          {f.sizeBytes > 0 && ` · ${formatBytes(f.sizeBytes)}`}
          {f.durationSec > 0 && ` · ${formatSeconds(f.durationSec)}`}
          {f.location && (
            <span className="block truncate text-slate-500" title={f.location}>
              {f.location}
            </span>
          )}
        </li>
      ))}
      {e.requestedFiles.map((p) => (
        <li key={p}>
          <span className="font-medium">File</span> <span className="font-mono">{p}</span>{" "}
          <span className="text-slate-500">(asked for)</span>
        </li>
      ))}
      {e.streams.map((s) => (
        <li key={s.ref}>
          <span className="font-medium">Stream</span> <span className="font-mono">{s.url}</span>{" "}
          <span className="text-slate-500">({s.status})</span>
          {s.error && <span className="block text-red-700">{s.error}</span>}
        </li>
      ))}
      {e.segments.map((s, i) => (
        <li key={`s${i}`}>
          <span className="font-medium">HLS</span> <span className="font-mono">{s.playlist}</span> ·{" "}
          {s.count} segments · {formatBytes(s.sizeBytes)}
        </li>
      ))}
      {none && <li className="text-slate-500">Not reported yet</li>}
    </ul>
  );
}

/** Recordings and streams: what, where, how it stands, and (operators) stop or change it. */
export function EgressTable({ project, rows, canManage, hideRoom, stale, onStop, onEdit }: Props) {
  return (
    <Table
      label="Recordings"
      stale={stale}
      head={
        <>
          <Th>Egress</Th>
          {!hideRoom && <Th>Room</Th>}
          <Th>Status</Th>
          <Th>Started</Th>
          <Th>Ended</Th>
          <Th>Outputs</Th>
          {canManage && <Th srLabel="Actions" />}
        </>
      }
    >
      {rows.map((e) => {
        const editable =
          e.active && ((e.kind === "room_composite" && !e.audioOnly) || e.streams.length > 0);
        return (
          <tr key={e.id} data-testid="egress-row" data-egress={e.id}>
            <td className="px-3 py-2">
              <span className="font-medium">{KIND_LABEL[e.kind]}</span>
              <span className="block text-xs text-slate-600">{e.detail}</span>
              <span className="block font-mono text-xs text-slate-500">{e.id}</span>
            </td>
            {!hideRoom && (
              <td className="px-3 py-2">
                <Link href={roomHref(project, e.room)} prefetch={false} className="underline">
                  {e.room}
                </Link>
              </td>
            )}
            <td className="px-3 py-2">
              <span
                className={`rounded px-1.5 py-0.5 text-xs font-medium ${STATUS_CLASS[e.status] ?? ""}`}
              >
                {STATUS_LABEL[e.status]}
              </span>
              {e.source === "webhook" && (
                <span
                  className="mt-1 block text-xs text-slate-500"
                  title="LiveKit's ListEgress does not hold it; its last webhook says so."
                >
                  from webhooks
                </span>
              )}
              {e.error && (
                <span className="mt-1 block max-w-64 text-xs text-red-700" role="note">
                  {e.error}
                </span>
              )}
            </td>
            <td className="px-3 py-2 text-xs">
              {e.startedAtMs > 0 ? <RelativeTime ms={e.startedAtMs} /> : "—"}
            </td>
            <td className="px-3 py-2 text-xs">
              {e.endedAtMs > 0 ? <RelativeTime ms={e.endedAtMs} /> : e.active ? "running" : "—"}
              {e.durationSec !== null && (
                <span className="block text-slate-500">{formatSeconds(e.durationSec)}</span>
              )}
            </td>
            <td className="px-3 py-2">
              <Outputs e={e} />
            </td>
            {canManage && (
              <td className="px-3 py-2 text-right whitespace-nowrap">
                {editable && (
                  <Button variant="secondary" size="sm" onClick={() => onEdit(e)}>
                    Change
                  </Button>
                )}{" "}
                {e.active && (
                  <Button variant="danger" size="sm" onClick={() => onStop(e)}>
                    Stop
                  </Button>
                )}
              </td>
            )}
          </tr>
        );
      })}
    </Table>
  );
}
