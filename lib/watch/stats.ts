/** What the console shows of one received track, from WebRTC's inbound-rtp statistics. */
export type TrackStats = {
  width?: number;
  height?: number;
  fps?: number;
  /** Kilobits per second over the last interval. */
  kbps?: number;
  /** Lost packets as a share of those expected, since the start, in percent. */
  lossPct?: number;
  jitterMs?: number;
};

/** The fields of an inbound-rtp entry the console reads (RTCInboundRtpStreamStats). */
export type InboundSample = {
  timestamp: number;
  bytesReceived?: number;
  packetsReceived?: number;
  packetsLost?: number;
  jitter?: number;
  frameWidth?: number;
  frameHeight?: number;
  framesPerSecond?: number;
};

/** The inbound-rtp entry of a receiver's report (a receiver has one per track). */
export function inboundOf(report: { forEach(cb: (v: unknown) => void): void }) {
  let found: InboundSample | undefined;
  report.forEach((v) => {
    if ((v as { type?: string }).type === "inbound-rtp") found = v as InboundSample;
  });
  return found;
}

/** Stats from the newest sample, the bitrate from the change since the one before. */
export function trackStats(now: InboundSample, before?: InboundSample): TrackStats {
  const received = now.packetsReceived ?? 0;
  const lost = Math.max(0, now.packetsLost ?? 0);
  const elapsedMs = before ? now.timestamp - before.timestamp : 0;
  return {
    width: now.frameWidth,
    height: now.frameHeight,
    fps: now.framesPerSecond,
    kbps:
      before && elapsedMs > 0 && now.bytesReceived !== undefined
        ? Math.round(((now.bytesReceived - (before.bytesReceived ?? 0)) * 8) / elapsedMs)
        : undefined,
    lossPct: received + lost > 0 ? Math.round((lost / (received + lost)) * 1000) / 10 : undefined,
    jitterMs: now.jitter !== undefined ? Math.round(now.jitter * 1000) : undefined,
  };
}

/** One line for people: "320×180 · 10 fps · 212 kbps · loss 0% · jitter 3 ms". */
export function statsLine(s: TrackStats): string {
  const parts: string[] = [];
  if (s.width && s.height) parts.push(`${s.width}×${s.height}`);
  if (s.fps !== undefined) parts.push(`${Math.round(s.fps)} fps`);
  if (s.kbps !== undefined) parts.push(`${s.kbps} kbps`);
  if (s.lossPct !== undefined) parts.push(`loss ${s.lossPct}%`);
  if (s.jitterMs !== undefined) parts.push(`jitter ${s.jitterMs} ms`);
  return parts.join(" · ");
}
