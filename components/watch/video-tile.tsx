"use client";

import { useEffect, useRef } from "react";
import type { RemoteTrack } from "livekit-client";
import { statsLine } from "@/lib/watch/stats";
import { useTrackStats } from "./use-track-stats";

/** One received video: muted autoplay (browsers allow it without a gesture) and its stats. */
export function VideoTile({ track, name }: { track: RemoteTrack; name: string }) {
  const ref = useRef<HTMLVideoElement>(null);
  const stats = useTrackStats(track);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    track.attach(el);
    return () => void track.detach(el);
  }, [track]);
  return (
    <figure className="overflow-hidden rounded-lg border border-slate-200 bg-slate-950">
      <video
        ref={ref}
        muted
        autoPlay
        playsInline
        aria-label={`Video from ${name}`}
        data-track-sid={track.sid}
        className="aspect-video w-full object-contain"
      />
      <figcaption className="bg-white px-3 py-2 text-xs text-slate-700">
        <span className="font-medium text-slate-900">{name}</span>
        <span className="ml-2 tabular-nums" data-testid="track-stats">
          {stats ? statsLine(stats) : "reading stats…"}
        </span>
      </figcaption>
    </figure>
  );
}
