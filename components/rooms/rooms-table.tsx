"use client";

import { RelativeTime } from "@/components/ui/local-time";
import { roomHref } from "@/lib/http/room-path";
import { sessionHref } from "@/lib/history/href";
import type { RoomView } from "@/lib/rooms/view";
import { formatSeconds, timeAgo } from "@/lib/format";
import { plainMetadata, TERMS } from "@/lib/plain-words";
import { RoomName } from "@/components/rooms/room-name";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { useProject } from "@/components/project-context";
import type { SortDir, SortKey } from "@/lib/rooms/table-state";
import type { Selection } from "./use-selection";
import { SelectCell } from "./selection-bar";
import { memo, type ReactNode } from "react";
import { Table, Th } from "@/components/ui/table";

type Column = { key: SortKey; label: string; numeric?: boolean; hint?: string };

const COLUMNS: Column[] = [
  { key: "name", label: "Name" },
  { key: "participants", label: "Participants", numeric: true },
  { key: "publishers", ...TERMS.publishers, numeric: true },
  { key: "age", label: "Age" },
  { key: "emptyTimeout", ...TERMS.emptyTimeout, numeric: true },
  { key: "departureTimeout", ...TERMS.departureTimeout, numeric: true },
  { key: "maxParticipants", label: "Max participants", numeric: true },
  { key: "metadata", ...TERMS.metadata },
  { key: "recording", label: "Recording" },
];

type Props = {
  rows: RoomView[];
  sort: SortKey;
  dir: SortDir;
  stale: boolean;
  nowMs: number;
  onSort: (key: SortKey) => void;
  /** Absent for viewers: no delete control at all. */
  onDelete?: (room: RoomView) => void;
  /** Ticks for bulk delete (operators), and the bar above the table that acts on them. */
  selection?: Selection;
  selectionBar?: ReactNode;
  /** Rooms open again soon after a room of their name closed: when it closed. */
  reopened?: ReadonlyMap<string, number>;
};

export function RoomsTable({
  rows,
  sort,
  dir,
  stale,
  nowMs,
  onSort,
  onDelete,
  selection,
  selectionBar,
  reopened,
}: Props) {
  return (
    <Table
      label="Rooms"
      dense
      stale={stale}
      bar={selectionBar}
      head={
        <>
          {selection && <Th className="w-8" srLabel="Select" />}
          {COLUMNS.map((c) => (
            <Th
              key={c.key}
              numeric={c.numeric}
              aria-sort={sort === c.key ? (dir === "asc" ? "ascending" : "descending") : undefined}
            >
              <button
                type="button"
                onClick={() => onSort(c.key)}
                title={c.hint}
                className="inline-flex items-center gap-1 uppercase hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-blue-600"
              >
                {c.label}
                <span aria-hidden className="w-3 text-slate-400">
                  {sort === c.key ? (dir === "asc" ? "▲" : "▼") : ""}
                </span>
              </button>
            </Th>
          ))}
          <Th srLabel="Actions" />
        </>
      }
    >
      {rows.map((r) => (
        <RoomRow
          key={r.sid || r.name}
          room={r}
          nowMs={nowMs}
          onDelete={onDelete}
          reopenedAtMs={reopened?.get(r.name)}
          selected={selection?.isSelected(r.name)}
          onToggle={selection?.toggle}
        />
      ))}
    </Table>
  );
}

/**
 * One row, memoised: a keystroke re-renders the view around the table, and rows whose room,
 * clock and tick are unchanged are skipped (at 100 rows that is most of a keystroke's work).
 */
const RoomRow = memo(function RoomRow({
  room: r,
  nowMs,
  onDelete,
  selected,
  onToggle,
  reopenedAtMs,
}: {
  room: RoomView;
  reopenedAtMs?: number;
  nowMs: number;
  onDelete?: (r: RoomView) => void;
  selected?: boolean;
  onToggle?: (name: string) => void;
}) {
  const { project } = useProject();
  return (
    <tr data-room={r.name} className="hover:bg-slate-50">
      {onToggle && <SelectCell checked={selected ?? false} onToggle={onToggle} name={r.name} />}
      <th scope="row" className="max-w-72 px-2 py-2 font-medium text-slate-900" title={r.name}>
        <div className="flex min-w-0 items-center">
          {/* No prefetch: 100 rows would prefetch 100 room pages on every search keystroke. */}
          <Link
            href={roomHref(project, r.name)}
            prefetch={false}
            className="truncate underline decoration-slate-300 underline-offset-2 hover:decoration-slate-900"
          >
            <RoomName name={r.name} />
          </Link>
          {reopenedAtMs !== undefined && (
            <span
              data-testid="reopened"
              title={`A room of this name closed ${timeAgo(reopenedAtMs, nowMs)}, shortly before this one opened. LiveKit creates a room again when someone joins it with a valid token: its participants probably rejoined.`}
              className="ml-2 shrink-0 rounded bg-sky-100 px-1.5 py-0.5 text-xs font-normal text-sky-900"
            >
              reopened
              <span className="sr-only">
                : LiveKit creates a room again when someone joins it with a valid token
              </span>
            </span>
          )}
        </div>
      </th>
      <td className="px-2 py-2 text-right tabular-nums">{r.numParticipants}</td>
      <td className="px-2 py-2 text-right tabular-nums">{r.numPublishers}</td>
      <td className="whitespace-nowrap px-2 py-2">
        <RelativeTime ms={r.createdAtMs} nowMs={nowMs} />
      </td>
      <td className="px-2 py-2 text-right tabular-nums">{formatSeconds(r.emptyTimeoutSec)}</td>
      <td className="px-2 py-2 text-right tabular-nums">{formatSeconds(r.departureTimeoutSec)}</td>
      <td className="px-2 py-2 text-right tabular-nums">
        {r.maxParticipants === 0 ? "No limit" : r.maxParticipants}
      </td>
      <td className="max-w-48 truncate px-2 py-2 text-xs text-slate-600" title={r.metadata}>
        {r.metadata ? plainMetadata(r.metadata) : <span className="text-slate-400">—</span>}
      </td>
      <td className="px-2 py-2">
        {r.activeRecording ? (
          <span className="inline-flex items-center gap-1 rounded-full bg-red-100 px-2 py-0.5 text-xs font-semibold text-red-700">
            <span aria-hidden className="size-1.5 rounded-full bg-red-600" /> Recording
          </span>
        ) : (
          <span className="text-slate-400">—</span>
        )}
      </td>
      <td className="whitespace-nowrap px-2 py-2 text-right">
        <Link
          href={sessionHref(project, r.sid)}
          prefetch={false}
          aria-label={`History of room ${r.name}`}
          className="mr-1 rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900"
        >
          History
        </Link>
        {onDelete && (
          <Button
            variant="ghost"
            size="sm"
            onClick={() => onDelete(r)}
            aria-label={`Delete room ${r.name}`}
          >
            Delete
          </Button>
        )}
      </td>
    </tr>
  );
});
