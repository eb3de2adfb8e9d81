import http from "node:http";

/**
 * An attacker between the console and its OpenID provider, on loopback: passes every request
 * through to the real provider, and when told, replaces the ID token in the token endpoint's
 * answer (with one the provider issued elsewhere, or one re-signed with the attacker's key).
 * The console must refuse what comes back; the provider itself is real and unchanged.
 */
export type TamperProxy = {
  url: string;
  /** Set to rewrite the next token responses' id_token; undefined passes them through. */
  swapIdToken?: (idToken: string) => Promise<string> | string;
  /** Set to answer 503 for the paths it matches, as a provider that is failing would. */
  failPaths?: RegExp;
  close: () => Promise<void>;
};

export async function startTamperProxy(port: number, targetPort: number): Promise<TamperProxy> {
  const proxy: TamperProxy = { url: `http://127.0.0.1:${port}`, close: async () => {} };
  const server = http.createServer((req, res) => {
    if (proxy.failPaths?.test(req.url ?? "")) {
      res.writeHead(503, { "content-type": "text/plain" });
      res.end("unavailable");
      return;
    }
    const upstream = http.request(
      {
        host: "127.0.0.1",
        port: targetPort,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (up) => {
        const swap = proxy.swapIdToken;
        if (!swap || !req.url?.startsWith("/token") || up.statusCode !== 200) {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        up.on("data", (c: Buffer) => chunks.push(c));
        up.on("end", () => {
          void (async () => {
            const body = JSON.parse(Buffer.concat(chunks).toString()) as { id_token?: string };
            if (body.id_token) body.id_token = await swap(body.id_token);
            const text = JSON.stringify(body);
            const headers = { ...up.headers, "content-length": String(Buffer.byteLength(text)) };
            res.writeHead(200, headers);
            res.end(text);
          })();
        });
      },
    );
    upstream.on("error", () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  proxy.close = () =>
    new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return proxy;
}
