import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compressJsonAnswers } from "../../scripts/lib/compress.mjs";

/** Answers the way Next's route handler does: status and headers, flushHeaders, chunks, end. */
let server: Server;
let base = "";
beforeAll(async () => {
  server = createServer((req, res) => {
    compressJsonAnswers(req, res);
    const url = new URL(req.url!, "http://x");
    const size = Number(url.searchParams.get("size"));
    res.statusCode = Number(url.searchParams.get("status") ?? 200);
    res.appendHeader("content-type", url.searchParams.get("type") ?? "application/json");
    res.flushHeaders();
    const body = JSON.stringify({ rows: "r".repeat(size) });
    res.write(Buffer.from(body.slice(0, 10)));
    res.write(body.slice(10));
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const get = async (path: string, encoding?: string) => {
  const res = await fetch(`${base}${path}`, {
    headers: encoding ? { "Accept-Encoding": encoding } : {},
  });
  const text = await res.text();
  return {
    encoding: res.headers.get("content-encoding"),
    length: Number(res.headers.get("content-length")),
    text,
  };
};

describe("compressed API answers", () => {
  it("brotli when accepted, else gzip; the body decodes to the same JSON", async () => {
    const br = await get("/api/p/main/rooms?size=20000", "gzip, deflate, br, zstd");
    expect(br.encoding).toBe("br");
    expect(br.length).toBeLessThan(1000);
    expect(JSON.parse(br.text)).toEqual({ rows: "r".repeat(20000) });
    const gz = await get("/api/p/main/rooms?size=20000", "gzip");
    expect(gz.encoding).toBe("gzip");
    expect(JSON.parse(gz.text)).toEqual({ rows: "r".repeat(20000) });
  });

  it("leaves alone small answers, failures, other types, other paths and plain clients", async () => {
    for (const [path, enc] of [
      ["/api/p/main/rooms?size=10", "br"],
      ["/api/p/main/rooms?size=20000&status=403", "br"],
      ["/api/p/main/rooms?size=20000&type=text/csv", "br"],
      ["/p/main/rooms?size=20000", "br"],
      ["/api/p/main/rooms?size=20000", "identity"],
    ] as const) {
      const a = await get(path, enc);
      expect(a.encoding, path).toBeNull();
      expect(JSON.parse(a.text), path).toHaveProperty("rows");
    }
  });
});
