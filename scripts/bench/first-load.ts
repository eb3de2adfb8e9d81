import { gzipSync } from "node:zlib";

/**
 * JS a page loads before it can run, gzip-compressed: every script its first HTML names, except
 * `noModule` ones (Next's legacy polyfills, ~38 KiB, which module-capable browsers never fetch).
 */
export async function firstLoadJs(base: string, pathname: string, cookie: string): Promise<number> {
  const html = await (await fetch(`${base}${pathname}`, { headers: { Cookie: cookie } })).text();
  const tags = [...html.matchAll(/<script[^>]+>/g)].map((m) => m[0]);
  const srcs = [
    ...new Set(
      tags
        .filter((t) => !/\snomodule/i.test(t))
        .map((t) => /\ssrc="([^"]+)"/.exec(t)?.[1])
        .filter((s) => s !== undefined),
    ),
  ];
  let total = 0;
  for (const src of srcs) {
    const js = Buffer.from(await (await fetch(`${base}${src}`)).arrayBuffer());
    total += gzipSync(js).byteLength;
  }
  return total;
}
