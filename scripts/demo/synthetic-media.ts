import {
  AudioFrame,
  AudioSource,
  VideoBufferType,
  VideoFrame,
  VideoSource,
} from "@livekit/rtc-node";

const SAMPLE_RATE = 48_000;
const FRAME_SAMPLES = 960; // 20 ms

/**
 * Feeds a sine tone into an AudioSource until stopped. captureFrame waits while the source's
 * queue is full, so the loop paces itself at real time.
 */
export function playTone(source: AudioSource, hz: number, isRunning: () => boolean): Promise<void> {
  let phase = 0;
  const step = (2 * Math.PI * hz) / SAMPLE_RATE;
  return (async () => {
    while (isRunning()) {
      const data = new Int16Array(FRAME_SAMPLES);
      for (let i = 0; i < FRAME_SAMPLES; i++) {
        // A gentle tone that swells and fades every two seconds.
        const envelope = 0.5 + 0.5 * Math.sin(phase / (hz * 2));
        data[i] = Math.round(Math.sin(phase) * 6000 * envelope);
        phase += step;
      }
      await source.captureFrame(new AudioFrame(data, SAMPLE_RATE, 1, FRAME_SAMPLES));
    }
  })();
}

export const newAudioSource = () => new AudioSource(SAMPLE_RATE, 1, 200);

/** A small moving colour bar, 10 frames a second. Returns a stop function. */
export function playColourBars(source: VideoSource, width: number, height: number): () => void {
  let t = 0;
  const frame = new Uint8Array(width * height * 4);
  const timer = setInterval(() => {
    t += 1;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        const band = Math.floor(((x + t * 4) % width) / (width / 6));
        frame[i] = band % 2 ? 230 : 40;
        frame[i + 1] = (band * 40 + y) % 256;
        frame[i + 2] = (t * 3) % 256;
        frame[i + 3] = 255;
      }
    }
    source.captureFrame(new VideoFrame(frame, width, height, VideoBufferType.RGBA));
  }, 100);
  return () => clearInterval(timer);
}
