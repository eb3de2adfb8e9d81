import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bootAfterPaint,
  finishRewrite,
  rewriteChunk,
  rewriteState,
} from "../../scripts/lib/boot-after-paint.mjs";
import { compressPages } from "../../scripts/lib/compress.mjs";

// The shape of a page as Next 16 writes it: chunk scripts in the head, the rows, the RSC
// payload inline, and React's bootstrap script after the shell.
const NONCE = "bm9uY2UtMTIz";
const PAGE =
  `<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/>` +
  `<link rel="preload" as="script" fetchPriority="low" nonce="${NONCE}" href="/_next/static/chunks/entry.js"/>` +
  `<script src="/_next/static/chunks/a.js" async="" nonce="${NONCE}"></script>` +
  `<script nonce="${NONCE}">self.theme=1</script></head>` +
  `<body class="min-h-screen"><table><tbody>` +
  `<tr data-room="café ☕ / ? # % שלום"><th>café ☕ / ? # % שלום</th></tr></tbody></table>` +
  `<script nonce="${NONCE}" id="_R_">self.__next_f=[]</script>` +
  `<script src="/_next/static/chunks/entry.js" nonce="${NONCE}" async=""></script>` +
  `<script nonce="${NONCE}">self.__next_f.push([1,"rows"])</script></body></html>`;

/** The one script that adds `srcs` after the first frame. */
const LOADER = (nonce: string, srcs: string[]) =>
  `<script nonce="${nonce}">var go=function(){setTimeout(function(){var s;` +
  srcs
    .map(
      (src) =>
        `s=document.createElement("script");s.src="${src}";s.async=true;document.head.appendChild(s);`,
    )
    .join("") +
  `},0)};document.visibilityState==="hidden"?go():requestAnimationFrame(go)</script>`;
const HEAD_TAG = `<script src="/_next/static/chunks/a.js" async="" nonce="${NONCE}"></script>`;
const BOOT_TAG = `<script src="/_next/static/chunks/entry.js" nonce="${NONCE}" async=""></script>`;
const BOTH = ["/_next/static/chunks/a.js", "/_next/static/chunks/entry.js"];
const EXPECTED = PAGE.replace(HEAD_TAG, "").replace(BOOT_TAG, LOADER(NONCE, BOTH));

/** The page through rewriteChunk in the pieces given, as bytes read one per character. */
const rewrite = (pieces: string[]) => {
  const state = rewriteState();
  const latin1 = (s: string) => Buffer.from(s, "utf8").toString("latin1");
  const out = pieces.map((p) => rewriteChunk(state, latin1(p))).join("") + finishRewrite(state);
  return Buffer.from(out, "latin1").toString("utf8");
};

describe("the app's scripts after the first frame", () => {
  it("takes the head's chunk tags out and adds them with the bootstrap, from one script with the nonce, where the bootstrap tag was; preload links and inline scripts stay", () => {
    expect(rewrite([PAGE])).toBe(EXPECTED);
    // Without a nonce (no CSP), the loader has none either.
    expect(rewrite([PAGE.replaceAll(` nonce="${NONCE}"`, "")])).toBe(
      EXPECTED.replaceAll(` nonce="${NONCE}"`, ""),
    );
  });

  it("keeps the tags' integrity and crossorigin on the scripts it adds", () => {
    const sri = PAGE.replace(
      `nonce="${NONCE}" async=""></script>`,
      `nonce="${NONCE}" integrity="sha256-abc+/=" crossOrigin="anonymous" async=""></script>`,
    );
    expect(rewrite([sri])).toBe(
      PAGE.replace(HEAD_TAG, "").replace(
        BOOT_TAG,
        LOADER(NONCE, BOTH).replace(
          's.src="/_next/static/chunks/entry.js";s.async=true;',
          's.src="/_next/static/chunks/entry.js";s.async=true;s.integrity="sha256-abc+/=";s.crossOrigin="anonymous";',
        ),
      ),
    );
  });

  it("gives the same page wherever the chunks are cut", () => {
    // In bytes (UTF-8 cut mid-character too), as Next's stream hands them over.
    const bytes = Buffer.from(PAGE, "utf8");
    for (let i = 0; i <= bytes.length; i++) {
      const state = rewriteState();
      const out =
        rewriteChunk(state, bytes.subarray(0, i).toString("latin1")) +
        rewriteChunk(state, bytes.subarray(i).toString("latin1")) +
        finishRewrite(state);
      expect(Buffer.from(out, "latin1").toString("utf8")).toBe(EXPECTED);
    }
    // One character at a time.
    expect(rewrite([...PAGE])).toBe(EXPECTED);
  });

  it("adds the head's tags at the end of a page without a bootstrap tag it knows; leaves a script that is not async or not the app's as it is", () => {
    const atEnd = (page: string) =>
      page.replace(HEAD_TAG, "") + LOADER(NONCE, ["/_next/static/chunks/a.js"]);
    const sync = PAGE.replace(BOOT_TAG, BOOT_TAG.replace(' async=""', ""));
    expect(rewrite([sync])).toBe(atEnd(sync));
    const other = PAGE.replaceAll("/_next/static/chunks/entry.js", "https://cdn.example/x.js");
    expect(rewrite([other])).toBe(atEnd(other));
    const plain = "<!DOCTYPE html><html><body><p>no scripts</p></body></html>";
    expect(rewrite([plain])).toBe(plain);
  });
});

describe("bootAfterPaint on the console's server", () => {
  let server: Server;
  let base = "";
  beforeAll(async () => {
    server = createServer((req, res) => {
      compressPages(req, res);
      bootAfterPaint(req, res);
      const url = new URL(req.url!, "http://x");
      const body = Buffer.from(PAGE, "utf8");
      const type = url.searchParams.get("type") ?? "text/html; charset=utf-8";
      if (url.searchParams.has("length")) {
        // A whole answer with its length, given to writeHead as Next does for some pages.
        res.writeHead(Number(url.searchParams.get("status") ?? 200), {
          "content-type": type,
          "content-length": String(body.length),
        });
        res.end(body);
        return;
      }
      res.statusCode = Number(url.searchParams.get("status") ?? 200);
      res.setHeader("content-type", type);
      // Cut inside the bootstrap tag and inside a multi-byte character, as a stream may.
      const cut = body.indexOf('/_next/static/chunks/entry.js" nonce') + 10;
      res.write(body.subarray(0, cut));
      res.write(new Uint8Array(body.subarray(cut, cut + 3)));
      res.end(body.subarray(cut + 3));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, {
      headers: { Accept: "text/html,*/*", "Accept-Encoding": "br", ...headers },
    });
    return { text: await res.text(), length: res.headers.get("content-length") };
  };

  it("rewrites page navigations, compressed or not, streamed or whole", async () => {
    expect((await get("/p/default/rooms")).text).toBe(EXPECTED);
    expect((await get("/p/default/rooms", { "Accept-Encoding": "identity" })).text).toBe(EXPECTED);
    expect((await get("/not-there?status=404")).text).toBe(EXPECTED);
    // A length given by the handler would be wrong once rewritten: the page goes out chunked.
    const whole = await get("/p/default/rooms?length=1", { "Accept-Encoding": "identity" });
    expect(whole).toEqual({ text: EXPECTED, length: null });
  });

  it("leaves alone RSC requests, API and static paths, other types and non-page requests", async () => {
    expect((await get("/p/default/rooms", { RSC: "1" })).text).toBe(PAGE);
    expect((await get("/api/p/default/rooms")).text).toBe(PAGE);
    expect((await get("/_next/static/x.html")).text).toBe(PAGE);
    expect((await get("/p/default/rooms?type=text/plain")).text).toBe(PAGE);
    expect((await get("/p/default/rooms", { Accept: "*/*" })).text).toBe(PAGE);
  });
});
