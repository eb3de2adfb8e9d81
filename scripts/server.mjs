// The console's HTTP server: Next.js behind a thin layer that decides which forwarded headers
// to believe. Next alone keeps a client's own X-Forwarded-For and X-Forwarded-Host, so a direct
// caller could choose the address it is throttled and audited under, and the host that server
// actions' origin check compares with.
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import next from "next";
import {
  keepTrustedForwarded,
  parseTrustedFields,
  parseTrustProxy,
  resolveClient,
} from "./lib/forwarded.mjs";
import { compressJsonAnswers, compressPages } from "./lib/compress.mjs";
import { bootAfterPaint } from "./lib/boot-after-paint.mjs";
import { trackForeground } from "./lib/foreground.mjs";
import { cacheHashedIcon } from "./lib/icon-cache.mjs";
import { setPageHeaders } from "./lib/page-headers.mjs";

const CLIENT_HEADER = "x-lka-client-address";

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const hostname = flag("-H") ?? process.env.HOST ?? "127.0.0.1";
const port = Number(flag("-p") ?? process.env.PORT ?? 3000);
process.env.NODE_ENV ??= "production";

let trust, fields;
try {
  trust = parseTrustProxy(process.env.TRUST_PROXY);
  fields = parseTrustedFields(process.env.TRUST_PROXY_HEADERS);
} catch (e) {
  console.error(`error: ${e.message}`);
  process.exit(1);
}
if (trust.kind === "hops")
  console.warn(
    `warning: TRUST_PROXY=${trust.hops} believes X-Forwarded-For from any peer. Anyone who reaches ` +
      "the console around its proxy chooses the address they are throttled and audited under; " +
      "name the proxies' addresses instead (TRUST_PROXY=10.0.0.5) unless only the proxy can reach it.",
  );

const dir = new URL("..", import.meta.url).pathname;
// In the deployment folder (scripts/standalone.sh), Next's build tooling is not there: the
// configuration comes from the build, as Next's own standalone server.js does it.
if (existsSync(path.join(dir, "server.js")) && !process.env.__NEXT_PRIVATE_STANDALONE_CONFIG) {
  const required = JSON.parse(
    readFileSync(path.join(dir, ".next", "required-server-files.json"), "utf8"),
  );
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(required.config);
}
const app = next({ dev: false, hostname, port, dir });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  const { address, viaProxy } = resolveClient(
    trust,
    req.socket.remoteAddress,
    req.headers["x-forwarded-for"],
  );
  keepTrustedForwarded(req.headers, viaProxy, fields);
  req.headers[CLIENT_HEADER] = address;
  const https = Boolean(req.socket.encrypted) || req.headers["x-forwarded-proto"] === "https";
  setPageHeaders(req, res, https);
  compressJsonAnswers(req, res);
  compressPages(req, res);
  // After compressPages: the page is rewritten first, then compressed.
  bootAfterPaint(req, res);
  trackForeground(req, res);
  cacheHashedIcon(req, res);
  void handle(req, res);
});
server.listen(port, hostname, () => {
  console.log(
    `▲ LiveKit Admin on http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}`,
  );
});
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2_000).unref();
  });
}
