import { describe, expect, it } from "vitest";
import { normaliseLiveKitUrl, toWebSocketUrl } from "@/lib/livekit/url";

describe("normaliseLiveKitUrl", () => {
  it.each([
    ["ws://127.0.0.1:7880", "http://127.0.0.1:7880"],
    ["wss://my-project.livekit.cloud", "https://my-project.livekit.cloud"],
    ["http://localhost:7880/", "http://localhost:7880"],
    ["https://lk.example.com:8443", "https://lk.example.com:8443"],
    ["  WSS://LK.Example.com  ", "https://lk.example.com"],
  ])("%s → %s", (raw, expected) => {
    expect(normaliseLiveKitUrl(raw)).toEqual({ ok: true, httpUrl: expected });
  });

  it.each([
    ["", "is empty"],
    ["lk.example.com", "is not a URL"],
    ["ftp://lk.example.com", "uses ftp; use ws://, wss://, http:// or https://"],
    ["wss://lk.example.com/rtc", "must be just scheme, host and port"],
    ["https://user:pw@lk.example.com", "must not carry credentials"],
  ])("rejects %j", (raw, reason) => {
    const r = normaliseLiveKitUrl(raw);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain(reason);
  });

  it("maps back to the websocket URL participants use", () => {
    expect(toWebSocketUrl("https://a.livekit.cloud")).toBe("wss://a.livekit.cloud");
    expect(toWebSocketUrl("http://127.0.0.1:7880")).toBe("ws://127.0.0.1:7880");
  });
});
