import { describe, expect, it } from "vitest";
import { plainCodecs, plainMetadata } from "@/lib/plain-words";

describe("plain words", () => {
  it("names LiveKit's default codecs by what they are, without the helper formats", () => {
    // MIME types as livekit-server reports them, helper formats (red, rtx) included.
    const defaults = [
      "audio/PCMU",
      "audio/PCMA",
      "audio/opus",
      "audio/red",
      "video/VP8",
      "video/H264",
      "video/VP9",
      "video/AV1",
      "video/H265",
      "video/rtx",
    ];
    expect(plainCodecs(defaults)).toBe(
      "Audio: G.711 (phone), Opus · Video: VP8, H.264, VP9, AV1, H.265",
    );
    expect(plainCodecs(["video/rtx", "audio/red"])).toBe("");
    expect(plainCodecs(["audio/opus", "video/Unknown1"])).toBe("Audio: Opus · Video: Unknown1");
  });

  it("reads a JSON object's fields in one line and leaves other metadata as it is", () => {
    expect(plainMetadata('{"topic":"weekly sync","owner":"platform"}')).toBe(
      "topic: weekly sync · owner: platform",
    );
    expect(plainMetadata('{"n":3,"tags":["a"]}')).toBe('n: 3 · tags: ["a"]');
    expect(plainMetadata("plain text")).toBe("plain text");
    expect(plainMetadata("{not json")).toBe("{not json");
    expect(plainMetadata("[1,2]")).toBe("[1,2]");
    expect(plainMetadata("{}")).toBe("—");
  });
});
