// No secrets here: also used by the request proxy (proxy.ts).

export type LimitedBody = { ok: true; text: string } | { ok: false; reason: "too_large" };

/** What is read and dropped after a refusal before the connection is given up (see drain). */
const DRAIN_MAX_BYTES = 8 * 1024 * 1024;
const DRAIN_MAX_MS = 10_000;

/**
 * A request's body as text, kept only up to `maxBytes`: a longer body, chunked or not, is
 * refused as soon as it passes the limit and nothing more of it is kept, so a 300 MB upload
 * costs the console at most `maxBytes` of memory. A declared Content-Length over the limit is
 * refused before anything is read.
 */
export async function readLimited(req: Request, maxBytes: number): Promise<LimitedBody> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    if (req.body) drain(req.body.getReader());
    return { ok: false, reason: "too_large" };
  }
  if (!req.body) return { ok: true, text: "" };
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      drain(reader);
      return { ok: false, reason: "too_large" };
    }
    chunks.push(value);
  }
  return { ok: true, text: Buffer.concat(chunks, size).toString("utf8") };
}

/**
 * After a refusal, the rest of the upload is read and dropped in the background (memory flat),
 * up to 8 MiB or 10 s, then the stream is cancelled. Cancelling at once closes the socket under
 * a client still sending: the reset throws away the 413 before the client reads it, and a
 * kept-alive connection that the answer said could be reused is gone. Never awaited: the cancel
 * of one branch of a cloned (tee'd) body settles only once the other branch is cancelled too.
 */
function drain(reader: ReadableStreamDefaultReader<Uint8Array>) {
  const until = Date.now() + DRAIN_MAX_MS;
  let dropped = 0;
  const next = (): Promise<void> =>
    reader.read().then(({ done, value }) => {
      if (done) return;
      dropped += value.byteLength;
      if (dropped > DRAIN_MAX_BYTES || Date.now() > until)
        return void reader.cancel().catch(() => {});
      return next();
    });
  void next().catch(() => undefined);
}
