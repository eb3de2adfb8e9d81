"use client";

import { useEffect, useRef, useState } from "react";
import type { RemoteTrack } from "livekit-client";
import { Button } from "@/components/ui/button";
import { SILENT_WORDS } from "@/lib/watch/level";
import { statsLine } from "@/lib/watch/stats";
import { useAudioLevel } from "./use-audio-level";
import { useTrackStats } from "./use-track-stats";

/**
 * One received audio track: muted until the operator unmutes it, with a live level meter and
 * its stats. The element plays even while muted: Chromium feeds a remote WebRTC track to
 * WebAudio only while a media element plays it.
 */
export function AudioRow(props: {
  track: RemoteTrack;
  name: string;
  publisherMuted: boolean;
  context: AudioContext;
}) {
  const { track, name, publisherMuted, context } = props;
  const ref = useRef<HTMLAudioElement>(null);
  const [listening, setListening] = useState(false);
  const { level, silent } = useAudioLevel(track.mediaStreamTrack, context, !publisherMuted);
  const stats = useTrackStats(track);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.srcObject = new MediaStream([track.mediaStreamTrack]);
    return () => void (el.srcObject = null);
  }, [track]);
  useEffect(() => {
    if (ref.current) ref.current.muted = !listening;
    if (listening) void context.resume();
  }, [listening, context]);
  return (
    <div className="flex flex-wrap items-center gap-3 rounded-md border border-slate-200 bg-white px-3 py-2 text-sm">
      <audio ref={ref} autoPlay muted data-track-sid={track.sid} />
      <Button
        size="sm"
        variant="secondary"
        aria-pressed={listening}
        onClick={() => setListening((v) => !v)}
      >
        {listening ? "Mute" : "Unmute"} {name}
      </Button>
      <div
        role="meter"
        aria-label={`Audio level of ${name}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={level}
        data-level={level}
        className="h-2 w-40 overflow-hidden rounded-full bg-slate-200"
      >
        <div
          className="h-full bg-emerald-500 transition-[width] duration-100 motion-reduce:transition-none"
          style={{ width: `${level}%` }}
        />
      </div>
      {publisherMuted && <span className="text-slate-600">muted by the participant</span>}
      {silent && <span className="font-medium text-amber-800">{SILENT_WORDS}</span>}
      <span className="text-xs tabular-nums text-slate-600" data-testid="track-stats">
        {stats ? statsLine(stats) : "reading stats…"}
      </span>
    </div>
  );
}
