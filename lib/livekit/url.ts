/**
 * LiveKit URLs come in the form the SDKs and the CLI accept (ws, wss, http, https).
 * RoomService is Twirp over HTTP, so websocket schemes map to their HTTP twins.
 */
export type UrlCheck = { ok: true; httpUrl: string } | { ok: false; reason: string };

const SCHEMES: Record<string, string> = {
  "ws:": "http:",
  "wss:": "https:",
  "http:": "http:",
  "https:": "https:",
};

export function normaliseLiveKitUrl(raw: string): UrlCheck {
  const value = raw.trim();
  if (value === "") return { ok: false, reason: "is empty" };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return {
      ok: false,
      reason: `"${value}" is not a URL (expected e.g. wss://my-project.livekit.cloud)`,
    };
  }
  const scheme = SCHEMES[url.protocol];
  if (!scheme) {
    return {
      ok: false,
      reason: `uses ${url.protocol.replace(":", "")}; use ws://, wss://, http:// or https://`,
    };
  }
  if (!url.hostname) return { ok: false, reason: "has no host" };
  if (url.username || url.password) {
    return {
      ok: false,
      reason: "must not carry credentials; use LIVEKIT_API_KEY and LIVEKIT_API_SECRET",
    };
  }
  // The SDK resolves /twirp/... against the origin, so a path would be silently dropped.
  if (url.pathname !== "/" || url.search || url.hash) {
    return { ok: false, reason: "must be just scheme, host and port (no path, query or fragment)" };
  }
  return { ok: true, httpUrl: `${scheme}//${url.host}` };
}

/** The websocket URL that participants (and rtc-node) connect to. */
export function toWebSocketUrl(httpUrl: string): string {
  return httpUrl.replace(/^http/, "ws");
}
