import "server-only";

/**
 * Masking of credentials carried in URLs (a stream key, a signed upload's query, a user:password):
 * egress views, LiveKit's error texts and the audit trail use it.
 */

export const MASK = "••••";

/**
 * "rtmp://a.rtmp.youtube.com/live2/abcd-efgh" → "rtmp://a.rtmp.youtube.com/live2/••••": the
 * service stays recognisable, the key (the last path segment, a query, a user:password) does
 * not survive. For everyone, operators too: nobody needs a key back from the console.
 */
export function maskStreamUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return MASK;
  }
  const parts = u.pathname.split("/").filter(Boolean);
  const kept = parts.slice(0, -1).join("/");
  return `${u.protocol}//${u.host}/${kept ? `${kept}/` : ""}${MASK}`;
}

/** An upload location without a query string (a signed URL's signature) or user:password. */
export function maskLocation(raw: string): string {
  if (!raw) return "";
  try {
    const u = new URL(raw);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return raw.split("?")[0]!;
  }
}

const URL_IN_TEXT = /\b(?:rtmps?|srt|https?|wss?):\/\/[^\s"'<>]+/gi;

/** Any URL inside free text (LiveKit's error strings quote the failing stream URL). */
export const maskUrlsIn = (text: string) =>
  text.replace(URL_IN_TEXT, (m) => {
    // Punctuation that ends the sentence is not part of the URL.
    const [, u = m, tail = ""] = /^(.*?)([.,:;)]*)$/.exec(m) ?? [];
    return (/^(rtmps?|srt):/i.test(u) ? maskStreamUrl(u) : maskLocation(u)) + tail;
  });
