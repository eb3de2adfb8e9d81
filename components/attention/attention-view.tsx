"use client";

import { roomHref } from "@/lib/http/room-path";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import type { Initial } from "@/lib/actions/result";
import type { AttentionRoom, ReasonCode } from "@/lib/rooms/attention";
import { plural, timeAgo } from "@/lib/format";
import { Button } from "@/components/ui/button";
import { useProject } from "@/components/project-context";
import { ConnectionBanner } from "@/components/rooms/connection-banner";
import { useNow } from "@/components/rooms/use-now";
import { roomKeys } from "@/components/rooms/use-rooms";
import { useLiveQuery } from "@/components/live/live-query";
import { BulkDeleteDialog } from "./bulk-delete-dialog";
import { RoomName } from "@/components/rooms/room-name";

export type AttentionData = { rooms: AttentionRoom[]; scanned: number; confirmAbove: number };

const REASONS: { code: ReasonCode | ""; label: string }[] = [
  { code: "", label: "All reasons" },
  { code: "empty_past_timeout", label: "Empty past timeout" },
  { code: "only_non_human", label: "Only non-human participants" },
  { code: "no_publisher", label: "No publisher" },
  { code: "too_old", label: "Too old" },
  { code: "ghost", label: "Ghost rooms" },
];

export function AttentionView({ initial }: { initial: Initial<AttentionData> }) {
  const { project, canManage } = useProject();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const reason = (params.get("reason") ?? "") as ReasonCode | "";
  const now = useNow();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [deleting, setDeleting] = useState<string[] | null>(null);

  const { query, error } = useLiveQuery(
    roomKeys.attention(project),
    `/api/p/${project}/attention`,
    initial,
    5_000,
  );
  const matching = useMemo(
    () =>
      (query.data?.rooms ?? []).filter((r) => !reason || r.reasons.some((x) => x.code === reason)),
    [query.data, reason],
  );
  const chosen = matching.filter((r) => selected.has(r.name)).map((r) => r.name);
  const allChosen = matching.length > 0 && chosen.length === matching.length;

  const toggle = (name: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(name)) n.delete(name);
      else n.add(name);
      return n;
    });

  return (
    <section aria-labelledby="attention-heading">
      <div className="mb-4 flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 id="attention-heading" className="text-2xl font-semibold tracking-tight">
            Needs attention
          </h1>
          <p className="mt-1 text-sm text-slate-600" aria-live="polite">
            {query.data
              ? `${plural(query.data.rooms.length, "room")} of ${query.data.scanned} look stuck · checked ${timeAgo(query.dataUpdatedAt, now)}`
              : "Checking rooms…"}
          </p>
        </div>
        <div className="flex items-center gap-2">
          <label htmlFor="reason" className="sr-only">
            Reason
          </label>
          <select
            id="reason"
            value={reason}
            onChange={(e) =>
              router.replace(`${pathname}${e.target.value ? `?reason=${e.target.value}` : ""}`)
            }
            className="h-9 rounded-md border border-slate-300 bg-white px-2 text-sm"
          >
            {REASONS.map((r) => (
              <option key={r.code} value={r.code}>
                {r.label}
              </option>
            ))}
          </select>
          {canManage && (
            <Button
              variant="danger"
              disabled={chosen.length === 0}
              onClick={() => setDeleting(chosen)}
            >
              Delete {chosen.length > 0 ? plural(chosen.length, "room") : "selected"}
            </Button>
          )}
        </div>
      </div>
      {error && (
        <ConnectionBanner
          error={error}
          lastUpdatedMs={query.data ? query.dataUpdatedAt : undefined}
          nowMs={now}
        />
      )}
      {query.data && matching.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center">
          <p className="font-medium">Nothing looks stuck</p>
          <p className="mt-1 text-sm text-slate-600">
            All {plural(query.data.scanned, "room")} look healthy. This page checks again every 5
            seconds.
          </p>
        </div>
      ) : (
        query.data && (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
            {canManage && matching.length > 0 && (
              <div className="flex items-center gap-3 border-b border-slate-200 bg-slate-50 px-3 py-2 text-sm">
                <label className="flex items-center gap-2">
                  <input
                    type="checkbox"
                    checked={allChosen}
                    onChange={() =>
                      setSelected(allChosen ? new Set() : new Set(matching.map((r) => r.name)))
                    }
                  />
                  Select all {plural(matching.length, "matching room")}
                </label>
                {chosen.length > 0 && (
                  <span className="text-slate-600">{chosen.length} selected</span>
                )}
              </div>
            )}
            <table className="w-full text-left text-sm">
              <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  {canManage && (
                    <th scope="col" className="w-8 px-3 py-2">
                      <span className="sr-only">Select</span>
                    </th>
                  )}
                  <th scope="col" className="px-3 py-2 font-medium">
                    Room
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">
                    Participants
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    Age
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    Why
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 align-top">
                {matching.map((r) => (
                  <tr key={r.name} data-room={r.name}>
                    {canManage && (
                      <td className="px-3 py-2">
                        <input
                          type="checkbox"
                          aria-label={`Select ${r.name}`}
                          checked={selected.has(r.name)}
                          onChange={() => toggle(r.name)}
                        />
                      </td>
                    )}
                    <th scope="row" className="px-3 py-2 font-medium">
                      <Link href={roomHref(project, r.name)} className="hover:underline">
                        <RoomName name={r.name} />
                      </Link>
                      {r.activeRecording && (
                        <span className="ml-2 rounded-full bg-red-100 px-2 py-0.5 text-xs text-red-700">
                          Recording
                        </span>
                      )}
                    </th>
                    <td className="px-3 py-2 text-right tabular-nums">{r.participants}</td>
                    <td className="whitespace-nowrap px-3 py-2" suppressHydrationWarning>
                      {timeAgo(r.createdAtMs, now)}
                    </td>
                    <td className="px-3 py-2">
                      <ul className="space-y-1">
                        {r.reasons.map((x) => (
                          <li key={x.code}>{x.text}</li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      )}
      <BulkDeleteDialog
        project={project}
        rooms={deleting}
        onClose={() => {
          setDeleting(null);
          setSelected(new Set());
        }}
      />
    </section>
  );
}
