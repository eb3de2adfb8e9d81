"use client";

import { useEffect, useState } from "react";
import { levelOf, SILENT_AFTER_SEC } from "@/lib/watch/level";

/**
 * The track's level through a WebAudio analyser (never connected to the speakers: the meter
 * moves whether or not the operator listens), and whether it has been silent while unmuted.
 */
export function useAudioLevel(track: MediaStreamTrack, context: AudioContext, unmuted: boolean) {
  const [level, setLevel] = useState(0);
  const [quietSinceMs, setQuietSinceMs] = useState<number | undefined>(undefined);
  const [nowMs, setNowMs] = useState(0);
  useEffect(() => {
    const source = context.createMediaStreamSource(new MediaStream([track]));
    const analyser = context.createAnalyser();
    analyser.fftSize = 1024;
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const timer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      const l = levelOf(samples);
      const now = Date.now();
      setLevel(l);
      setNowMs(now);
      setQuietSinceMs((since) => (l > 0 ? undefined : (since ?? now)));
    }, 100);
    return () => {
      clearInterval(timer);
      source.disconnect();
    };
  }, [track, context]);
  const silent =
    unmuted && quietSinceMs !== undefined && nowMs - quietSinceMs >= SILENT_AFTER_SEC * 1000;
  return { level, silent };
}
