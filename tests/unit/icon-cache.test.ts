import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cacheHashedIcon } from "../../scripts/lib/icon-cache.mjs";

// What Next answers for its static metadata icon (headers given to writeHead, or set before an
// implicit one), and a not-found.
describe("cacheHashedIcon", () => {
  let server: Server;
  let base = "";
  beforeAll(async () => {
    server = createServer((req, res) => {
      cacheHashedIcon(req, res);
      if (req.url?.includes("missing")) {
        res.statusCode = 404;
        res.setHeader("Cache-Control", "no-store");
        res.end("not found");
      } else if (req.url?.includes("implicit")) {
        res.setHeader("Cache-Control", "public, max-age=0, must-revalidate");
        res.end("<svg/>");
      } else {
        res.writeHead(200, {
          "Content-Type": "image/svg+xml",
          "Cache-Control": "public, max-age=0, must-revalidate",
        });
        res.end("<svg/>");
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const cacheOf = async (path: string, method = "GET") =>
    (await fetch(base + path, { method })).headers.get("cache-control");

  it("keeps the icon at its hashed address for a year", async () => {
    expect(await cacheOf("/icon.svg?icon.0lij8jw6weie9.svg")).toBe(
      "public, max-age=31536000, immutable",
    );
    expect(await cacheOf("/icon.svg?icon.0lij8jw6weie9.svg", "HEAD")).toBe(
      "public, max-age=31536000, immutable",
    );
    expect(await cacheOf("/icon.svg?icon.implicit.svg")).toBe(
      "public, max-age=31536000, immutable",
    );
  });

  it("leaves the bare address, other queries, other paths and failures as Next answered", async () => {
    const next = "public, max-age=0, must-revalidate";
    expect(await cacheOf("/icon.svg")).toBe(next);
    expect(await cacheOf("/icon.svg?v=1")).toBe(next);
    expect(await cacheOf("/p/icon.svg?icon.abc.svg")).toBe(next);
    expect(await cacheOf("/icon.svg?icon.missing.svg")).toBe("no-store");
  });
});
