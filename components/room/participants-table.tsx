"use client";

import { RelativeTime } from "@/components/ui/local-time";
import type { ParticipantView, TrackView } from "@/lib/rooms/participant-view";
import { Button } from "@/components/ui/button";
import { Table, Th } from "@/components/ui/table";
import { CopyButton } from "@/components/ui/copy-button";
import { SipCallFacts } from "@/components/sip/sip-call-facts";
import { AgentBadge } from "@/components/agents/agent-badge";

const KIND_STYLE: Record<string, string> = {
  standard: "bg-slate-100 text-slate-700",
  agent: "bg-violet-100 text-violet-800",
  sip: "bg-amber-100 text-amber-800",
  egress: "bg-sky-100 text-sky-800",
  ingress: "bg-teal-100 text-teal-800",
};
const KIND_LABEL: Record<string, string> = {
  standard: "Standard",
  agent: "Agent",
  sip: "SIP",
  egress: "Egress",
  ingress: "Ingress",
  connector: "Connector",
  bridge: "Bridge",
  other: "Other",
};
const SOURCE_LABEL: Record<string, string> = {
  camera: "Camera",
  microphone: "Microphone",
  screen_share: "Screen share",
  screen_share_audio: "Screen audio",
  unknown: "Track",
};

type Props = {
  participants: ParticipantView[];
  canManage: boolean;
  pendingTrack?: string;
  onMute: (p: ParticipantView, t: TrackView) => void;
  onEdit: (p: ParticipantView) => void;
  onRemove: (p: ParticipantView) => void;
  onTransfer: (p: ParticipantView) => void;
};

function TrackLine({
  p,
  t,
  canManage,
  pending,
  onMute,
}: {
  p: ParticipantView;
  t: TrackView;
  canManage: boolean;
  pending: boolean;
  onMute: Props["onMute"];
}) {
  // audio/red is Opus with redundancy (what LiveKit negotiates for reliability).
  const codec =
    t.mimeType === "audio/red" ? "opus (RED)" : t.mimeType.replace(/^(audio|video)\//, "");
  const res = t.kind === "video" && t.width ? ` · ${t.width}×${t.height}` : "";
  return (
    <li className="flex items-center gap-2" data-track={t.sid}>
      <span
        className={`rounded px-1.5 py-0.5 text-xs ${t.muted ? "bg-slate-200 text-slate-500 line-through" : "bg-emerald-50 text-emerald-800"}`}
      >
        {SOURCE_LABEL[t.source] ?? t.kind}
      </span>
      <span className="text-xs text-slate-600">
        {codec || t.kind}
        {res}
        {t.muted ? " · muted" : ""}
      </span>
      {canManage && t.kind !== "data" && (
        <Button
          variant="secondary"
          size="sm"
          busy={pending}
          onClick={() => onMute(p, t)}
          aria-label={`${t.muted ? "Unmute" : "Mute"} ${SOURCE_LABEL[t.source]?.toLowerCase() ?? "track"} of ${p.identity}`}
        >
          {t.muted ? "Unmute" : "Mute"}
        </Button>
      )}
    </li>
  );
}

const PERMISSIONS = [
  { key: "canPublish", yes: "Shares audio/video", no: "Cannot share audio/video" },
  { key: "canSubscribe", yes: "Sees and hears others", no: "Cannot see or hear others" },
  { key: "canPublishData", yes: "Sends data", no: "Cannot send data" },
] as const;

/** What the participant may do, in words; LiveKit's grant names on hover. */
function Permissions({ p }: { p: ParticipantView }) {
  return (
    <ul className="space-y-0.5 text-xs">
      {PERMISSIONS.map(({ key, yes, no }) => {
        const on = p.permission[key];
        return (
          <li
            key={key}
            className={on ? "text-slate-700" : "text-slate-500"}
            title={`LiveKit: ${key} = ${on}`}
          >
            {on ? yes : no}
          </li>
        );
      })}
      {p.permission.hidden && (
        <li title="LiveKit: hidden = true" className="text-slate-700">
          Hidden from others
        </li>
      )}
      {p.permission.recorder && (
        <li title="LiveKit: recorder = true" className="text-red-700">
          Records the room
        </li>
      )}
    </ul>
  );
}

export function ParticipantsTable({
  participants,
  canManage,
  pendingTrack,
  onMute,
  onEdit,
  onRemove,
  onTransfer,
}: Props) {
  if (participants.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-600">
        No one is in this room right now.
      </p>
    );
  }
  return (
    <Table
      label="Participants"
      head={
        <>
          {["Participant", "Kind", "State", "Joined", "Region", "Tracks", "Permissions"].map(
            (h) => (
              <Th key={h}>{h}</Th>
            ),
          )}
          {canManage && <Th srLabel="Actions" />}
        </>
      }
    >
      {participants.map((p) => (
        <tr key={p.sid} data-participant={p.identity}>
          <th scope="row" className="px-3 py-2 font-medium">
            <div className="text-slate-900">
              {p.identity}
              <CopyButton value={p.identity} what={`identity ${p.identity}`} />
            </div>
            {p.name && p.name !== p.identity && (
              <div className="text-xs font-normal text-slate-500">{p.name}</div>
            )}
          </th>
          <td className="px-3 py-2">
            <span
              className={`rounded-full px-2 py-0.5 text-xs font-medium ${KIND_STYLE[p.kind] ?? "bg-slate-100 text-slate-700"}`}
            >
              {KIND_LABEL[p.kind]}
            </span>
            {p.sip && <SipCallFacts facts={p.sip} />}
            {p.agent && <AgentBadge agent={p.agent} />}
          </td>
          <td className="px-3 py-2 capitalize">{p.state}</td>
          <td className="whitespace-nowrap px-3 py-2">
            <RelativeTime ms={p.joinedAtMs} />
          </td>
          <td className="px-3 py-2 text-slate-600">{p.region || "—"}</td>
          <td className="px-3 py-2">
            {p.tracks.length === 0 ? (
              <span className="text-xs text-slate-400">none</span>
            ) : (
              <ul className="space-y-1">
                {p.tracks.map((t) => (
                  <TrackLine
                    key={t.sid}
                    p={p}
                    t={t}
                    canManage={canManage}
                    pending={pendingTrack === t.sid}
                    onMute={onMute}
                  />
                ))}
              </ul>
            )}
          </td>
          <td className="px-3 py-2">
            <Permissions p={p} />
          </td>
          {canManage && (
            <td className="whitespace-nowrap px-3 py-2 text-right">
              <Button
                variant="ghost"
                size="sm"
                onClick={() => onEdit(p)}
                aria-label={`Edit ${p.identity}`}
              >
                Edit
              </Button>
              {p.kind === "sip" && (
                <Button
                  variant="ghost"
                  size="sm"
                  onClick={() => onTransfer(p)}
                  aria-label={`Transfer the call with ${p.identity}`}
                >
                  Transfer
                </Button>
              )}
              <Button
                variant="ghost"
                size="sm"
                onClick={() => onRemove(p)}
                aria-label={`${p.kind === "sip" ? "Hang up" : "Remove"} ${p.identity}`}
              >
                {p.kind === "sip" ? "Hang up" : "Remove"}
              </Button>
            </td>
          )}
        </tr>
      ))}
    </Table>
  );
}
