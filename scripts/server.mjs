// The console's HTTP server: Next.js with one rule in front of it, which forwarded headers to
// believe. Next's own server keeps a client's X-Forwarded-For and X-Forwarded-Host, so behind
// it a direct caller could choose the address it is throttled and audited under, and the host
// that the cross-site checks compare Origin with. This server decides those facts from the
// socket and TRUST_PROXY / TRUST_PROXY_HEADERS, hands them to the app in x-lka-* headers with a
// proof made at each start (lib/http/request.ts checks it), and otherwise serves Next as Next
// serves itself (compression, headers and the page's policy are the app's: proxy.ts).
//   node scripts/server.mjs [-H host] [-p port] [--dev]
import { randomBytes } from "node:crypto";
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

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const dev = args.includes("--dev");
const hostname = flag("-H") ?? process.env.HOST ?? "127.0.0.1";
const port = Number(flag("-p") ?? process.env.PORT ?? 3000);
process.env.NODE_ENV ??= dev ? "development" : "production";

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

// Known to this process only: the app believes the x-lka-* headers only when they carry it.
const proof = randomBytes(32).toString("base64url");
process.env.LKA_SERVER_PROOF = proof;

const dir = new URL("..", import.meta.url).pathname;
// In the deployment folder (scripts/standalone.sh), Next's build tooling is not there: the
// configuration comes from the build, as Next's own standalone server.js does it.
if (existsSync(path.join(dir, "server.js")) && !process.env.__NEXT_PRIVATE_STANDALONE_CONFIG) {
  const required = JSON.parse(
    readFileSync(path.join(dir, ".next", "required-server-files.json"), "utf8"),
  );
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(required.config);
}
const app = next({ dev, hostname, port, dir });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  const h = req.headers;
  // Whatever a client wrote in the app's own headers is gone before anything reads them.
  for (const name of Object.keys(h)) if (name.startsWith("x-lka-")) delete h[name];
  const { address, viaProxy } = resolveClient(
    trust,
    req.socket.remoteAddress,
    h["x-forwarded-for"],
  );
  keepTrustedForwarded(h, viaProxy, fields);
  h["x-lka-client-address"] = address;
  h["x-lka-host"] = h["x-forwarded-host"] ?? h.host ?? "";
  h["x-lka-proto"] = req.socket.encrypted || h["x-forwarded-proto"] === "https" ? "https" : "http";
  h["x-lka-proof"] = proof;
  void handle(req, res);
});
server.listen(port, hostname, () => {
  console.log(
    `▲ LiveKit Admin on http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}${dev ? " (development: hot reload)" : ""}`,
  );
});
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2_000).unref();
  });
}
