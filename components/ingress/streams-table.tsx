"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Table, Th } from "@/components/ui/table";
import { INPUT_LABEL } from "@/lib/ingress/schema";
import type { IngressView } from "@/lib/ingress/types";
import { StateBadge } from "./state-badge";

type Props = {
  project: string;
  ingresses: IngressView[];
  canManage: boolean;
  /** Leave out the Room column (a room page's own section). */
  inRoom?: boolean;
  onReveal: (i: IngressView) => void;
  onEdit: (i: IngressView) => void;
  onDelete: (i: IngressView) => void;
};

/** Stream inputs: never their URL or key (those come only through Reveal). */
export function StreamsTable({ project, ingresses, canManage, inRoom, ...on }: Props) {
  const head = [
    "Name",
    "Input",
    "State",
    ...(inRoom ? [] : ["Room"]),
    "Publishes as",
    "Transcoding",
  ];
  return (
    <Table
      label="Incoming streams"
      head={
        <>
          {head.map((h) => (
            <Th key={h}>{h}</Th>
          ))}
          {canManage && <Th srLabel="Actions" />}
        </>
      }
    >
      {ingresses.map((i) => (
        <tr key={i.id} data-ingress={i.id}>
          <td className="px-3 py-2">
            <div className="font-medium">{i.name}</div>
            <div className="font-mono text-xs text-slate-500">{i.id}</div>
          </td>
          <td className="px-3 py-2">
            {INPUT_LABEL[i.inputType]}
            {i.urlMissing && (
              <div className="text-xs text-amber-800">no {INPUT_LABEL[i.inputType]} URL set</div>
            )}
          </td>
          <td className="px-3 py-2">
            <StateBadge state={i.state} />
          </td>
          {!inRoom && (
            <td className="px-3 py-2">
              <Link
                className="underline decoration-slate-300 hover:decoration-slate-900"
                href={`/p/${encodeURIComponent(project)}/rooms/${encodeURIComponent(i.room)}`}
              >
                {i.room}
              </Link>
            </td>
          )}
          <td className="px-3 py-2">
            <div className="font-mono text-xs">{i.identity}</div>
            {i.participantName && <div className="text-xs text-slate-600">{i.participantName}</div>}
          </td>
          <td className="px-3 py-2">
            {i.transcoding ? "on" : "off"}
            {(i.audioPreset || i.videoPreset) && (
              <div className="text-xs text-slate-600">
                {[i.videoPreset, i.audioPreset].filter(Boolean).join(", ").replaceAll("_", " ")}
              </div>
            )}
          </td>
          {canManage && (
            <td className="space-x-1 whitespace-nowrap px-3 py-2 text-right">
              <Button
                size="sm"
                variant="secondary"
                onClick={() => on.onReveal(i)}
                aria-label={`Reveal URL and key of ${i.name}`}
              >
                Reveal
              </Button>
              <Button
                size="sm"
                variant="secondary"
                onClick={() => on.onEdit(i)}
                aria-label={`Edit ${i.name}`}
              >
                Edit
              </Button>
              <Button
                size="sm"
                variant="ghost"
                onClick={() => on.onDelete(i)}
                aria-label={`Delete ${i.name}`}
              >
                Delete
              </Button>
            </td>
          )}
        </tr>
      ))}
    </Table>
  );
}
