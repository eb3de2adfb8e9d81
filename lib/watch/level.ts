/** A participant whose unmuted audio has been at zero this long is marked silent. */
export const SILENT_AFTER_SEC = 5;

export const SILENT_WORDS = "silent: check the microphone or the agent's output";

/**
 * A meter level 0-100 from samples in [-1, 1]: decibels of the RMS from -60 dB (0, the floor
 * below which a track counts as silent) to 0 dB (100), so quiet speech still moves the bar.
 */
export function levelOf(samples: Float32Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  const rms = Math.sqrt(sum / Math.max(1, samples.length));
  if (rms < 0.001) return 0;
  return Math.max(1, Math.min(100, Math.round(((20 * Math.log10(rms) + 60) / 60) * 100)));
}
