import { describe, expect, it, vi } from "vitest";
import { readLimited } from "@/lib/http/limited-body";

/** A chunked body (no Content-Length) of `chunks` pieces of `size` bytes, counting what is pulled. */
function chunked(chunks: number, size: number) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      if (pulled >= chunks) return c.close();
      pulled += 1;
      c.enqueue(new Uint8Array(size).fill(97));
    },
  });
  const req = new Request("http://console/x", {
    method: "POST",
    body,
    duplex: "half",
  } as RequestInit);
  return { req, pulled: () => pulled };
}

describe("a request body read no further than its limit", () => {
  it("reads a body within the limit whole", async () => {
    const { req } = chunked(4, 1000);
    expect(await readLimited(req, 4000)).toEqual({ ok: true, text: "a".repeat(4000) });
  });

  it("refuses a chunked body at the limit, drops up to 8 MiB more of it, then stops reading", async () => {
    const { req, pulled } = chunked(100_000, 64 * 1024); // 6.4 GB if read whole
    expect(await readLimited(req, 1 << 20)).toEqual({ ok: false, reason: "too_large" });
    // The answer comes at once; the rest is read and dropped in the background, up to 8 MiB
    // (a client still sending then reads its 413 instead of a reset), and no further.
    await vi.waitFor(() => expect(pulled()).toBeGreaterThan(128));
    await new Promise((r) => setTimeout(r, 50));
    expect(pulled()).toBeLessThan(150);
  });

  it("refuses a declared Content-Length over the limit before reading", async () => {
    const { req, pulled } = chunked(1000, 10);
    const declared = new Request(req, { headers: { "content-length": "999999999" } });
    expect(await readLimited(declared, 1024)).toEqual({ ok: false, reason: "too_large" });
    // The stream itself pulls ahead to fill its queue (one or two pieces); nothing is read.
    expect(pulled()).toBeLessThanOrEqual(2);
  });
});

describe("a cloned body (the proxy reads a copy of an action's body)", () => {
  it("refuses an oversized copy without waiting for the original to be read", async () => {
    const { req } = chunked(100, 64 * 1024);
    const copy = req.clone();
    expect(await readLimited(copy, 1 << 20)).toEqual({ ok: false, reason: "too_large" });
    const declared = new Request(chunked(100, 64 * 1024).req, {
      headers: { "content-length": String(100 * 64 * 1024) },
    });
    expect(await readLimited(declared.clone(), 1 << 20)).toEqual({
      ok: false,
      reason: "too_large",
    });
  });
});
