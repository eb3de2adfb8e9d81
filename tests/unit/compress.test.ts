import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compressJsonAnswers, compressPages } from "../../scripts/lib/compress.mjs";

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

/** Pages answered the way Next streams one: headers, flushHeaders, chunk, later chunk, end. */
describe("compressed pages", () => {
  let pages: Server;
  let pagesBase = "";
  let release: () => void = () => {};
  const seen: { acceptEncoding?: string }[] = [];
  beforeAll(async () => {
    pages = createServer((req, res) => {
      compressPages(req, res);
      seen.push({ acceptEncoding: req.headers["accept-encoding"] });
      const url = new URL(req.url!, "http://x");
      res.statusCode = Number(url.searchParams.get("status") ?? 200);
      res.setHeader("Content-Type", url.searchParams.get("type") ?? "text/html; charset=utf-8");
      if (res.statusCode === 304) return res.end();
      res.flushHeaders();
      res.write("<!doctype html><p>first part " + "x".repeat(5000) + "</p>");
      const later = new Promise<void>((r) => (release = r));
      // The rest only once the client has read the first part: it must not wait for the end.
      void (url.searchParams.has("stream") ? later : Promise.resolve()).then(() => {
        res.write(Buffer.from("<p>second part</p>"));
        res.end("<p>end</p>");
      });
    });
    await new Promise<void>((r) => pages.listen(0, "127.0.0.1", r));
    pagesBase = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => pages.close(() => r())));

  const page = (path: string, headers: Record<string, string>) =>
    fetch(`${pagesBase}${path}`, { headers: { Accept: "text/html,*/*", ...headers } });
  const whole =
    "<!doctype html><p>first part " + "x".repeat(5000) + "</p><p>second part</p><p>end</p>";

  it("brotli when accepted, else gzip; decodes to the same HTML; Next is not asked to compress it too", async () => {
    for (const [accepts, expected] of [
      ["gzip, deflate, br, zstd", "br"],
      ["gzip, deflate", "gzip"],
    ] as const) {
      seen.length = 0;
      const res = await page("/p/main/rooms", { "Accept-Encoding": accepts });
      expect(res.headers.get("content-encoding")).toBe(expected);
      expect(res.headers.get("vary")).toContain("Accept-Encoding");
      expect(res.headers.get("content-length")).toBeNull();
      expect(await res.text()).toBe(whole);
      expect(seen[0]!.acceptEncoding).toBeUndefined();
    }
  });

  it("still streams: the first part arrives before the rest is written", async () => {
    const res = await page("/p/main/history?stream", { "Accept-Encoding": "br" });
    expect(res.headers.get("content-encoding")).toBe("br");
    const reader = res.body!.getReader();
    let text = "";
    while (!text.includes("first part")) {
      const { value, done } = await reader.read();
      if (done) throw new Error("ended before the rest was written");
      text += new TextDecoder().decode(value);
    }
    expect(text).not.toContain("second part");
    release();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    expect(text).toBe(whole);
  });

  it("a browser that leaves mid-page: the rest is dropped, nothing throws, the next page is served", async () => {
    const left = new AbortController();
    const res = await fetch(`${pagesBase}/p/main/history?stream`, {
      headers: { Accept: "text/html", "Accept-Encoding": "br" },
      signal: left.signal,
    });
    await res.body!.getReader().read();
    left.abort();
    await new Promise((r) => setTimeout(r, 50));
    release(); // Next writes the rest after the browser has gone
    await new Promise((r) => setTimeout(r, 50));
    const next = await page("/p/main/rooms", { "Accept-Encoding": "br" });
    expect(await next.text()).toBe(whole);
  });

  it("leaves alone other paths, RSC and non-GET requests, 304s and plain clients", async () => {
    for (const [path, headers, method] of [
      ["/api/p/main/rooms", { "Accept-Encoding": "br" }, "GET"],
      ["/_next/static/chunks/a.js", { "Accept-Encoding": "br" }, "GET"],
      ["/p/main/rooms", { "Accept-Encoding": "br", RSC: "1" }, "GET"],
      ["/p/main/rooms", { "Accept-Encoding": "br" }, "POST"],
      ["/p/main/rooms", { "Accept-Encoding": "identity" }, "GET"],
    ] as const) {
      seen.length = 0;
      const res = await fetch(`${pagesBase}${path}`, {
        method,
        headers: { Accept: "text/html", ...headers },
      });
      expect(res.headers.get("content-encoding"), path).toBeNull();
      expect(await res.text(), path).toBe(whole);
      // Next keeps its own choice for these.
      expect(seen[0]!.acceptEncoding, path).toBe(headers["Accept-Encoding"]);
    }
    // A page address whose answer is not text (a navigation to an image, say): as it is.
    const image = await page("/og.png?type=image/png", { "Accept-Encoding": "br" });
    expect(image.headers.get("content-encoding")).toBeNull();
    expect(await image.text()).toBe(whole);
    const notModified = await page("/p/main/rooms?status=304", { "Accept-Encoding": "br" });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get("content-encoding")).toBeNull();
  });
});
