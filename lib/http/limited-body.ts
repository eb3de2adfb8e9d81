// No secrets here: also used by the request proxy (proxy.ts).

export type LimitedBody = { ok: true; text: string } | { ok: false; reason: "too_large" };

/**
 * A request's body as text, read only up to `maxBytes`: a longer body, chunked or not, is
 * refused as soon as it passes the limit and the rest is never read, so a 300 MB upload costs
 * the console at most `maxBytes` of memory. A declared Content-Length over the limit is refused
 * before anything is read.
 */
export async function readLimited(req: Request, maxBytes: number): Promise<LimitedBody> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) return tooLarge(req);
  if (!req.body) return { ok: true, text: "" };
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      stopReading(reader.cancel());
      return { ok: false, reason: "too_large" };
    }
    chunks.push(value);
  }
  return { ok: true, text: Buffer.concat(chunks, size).toString("utf8") };
}

function tooLarge(req: Request): LimitedBody {
  if (req.body) stopReading(req.body.cancel());
  return { ok: false, reason: "too_large" };
}

/**
 * Cancels without waiting: the cancel of one branch of a cloned (tee'd) body settles only once
 * the other branch is cancelled too, which for the proxy's copy of an action's body is never.
 */
const stopReading = (cancelled: Promise<void>) => void cancelled.catch(() => undefined);

/**
 * Headers for a 413: the connection closes after the answer, so the server does not go on
 * reading (and discarding) the rest of an oversized upload on a kept-alive socket.
 */
export const TOO_LARGE_HEADERS = { "Cache-Control": "no-store", Connection: "close" } as const;

/** Readable sizes for messages ("1 MiB", "16 KiB"). */
export const sizeText = (bytes: number) =>
  bytes >= 1 << 20 ? `${bytes / (1 << 20)} MiB` : `${bytes / 1024} KiB`;
