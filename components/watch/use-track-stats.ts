"use client";

import { useEffect, useState } from "react";
import type { RemoteTrack } from "livekit-client";
import { inboundOf, trackStats, type InboundSample, type TrackStats } from "@/lib/watch/stats";

/** The track's received resolution, frame rate, bitrate, loss and jitter, read every second. */
export function useTrackStats(track: RemoteTrack): TrackStats | undefined {
  const [stats, setStats] = useState<TrackStats>();
  useEffect(() => {
    let before: InboundSample | undefined;
    const read = async () => {
      const report = await track.getRTCStatsReport();
      const now = report && inboundOf(report);
      if (!now) return;
      setStats(trackStats(now, before));
      before = now;
    };
    const timer = setInterval(() => void read().catch(() => undefined), 1_000);
    return () => clearInterval(timer);
  }, [track]);
  return stats;
}
