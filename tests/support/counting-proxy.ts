import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback HTTP proxy between the console and LiveKit that counts what reaches LiveKit:
 * calls per Twirp method ("ListRooms"), and the most calls of one method in flight at once.
 */
export type CountingProxy = {
  url: string;
  wsUrl: string;
  calls: (method: string) => number;
  /** When each call of a method reached the proxy (Date.now()), oldest first. */
  times: (method: string) => number[];
  maxInFlight: (method: string) => number;
  inFlight: (method: string) => number;
  /** Bytes LiveKit sent back for a method (its Twirp JSON/protobuf). */
  bytes: (method: string) => number;
  reset: () => void;
  close: () => Promise<void>;
};

export async function startCountingProxy(
  target: string,
  /**
   * delayMs: added before each call is passed on (a LiveKit that answers slower);
   * port: where it listens (a free one when not given).
   */
  { delayMs = 0, port: listenOn = 0 }: { delayMs?: number; port?: number } = {},
): Promise<CountingProxy> {
  const upstream = new URL(target.replace(/^ws/, "http"));
  const calls = new Map<string, number>();
  const flying = new Map<string, number>();
  const peak = new Map<string, number>();
  const bytes = new Map<string, number>();
  const times = new Map<string, number[]>();
  const bump = (m: Map<string, number>, k: string, by = 1) => m.set(k, (m.get(k) ?? 0) + by);
  const sockets = new Set<import("node:net").Socket>();

  const server = http.createServer((req, res) => {
    if (delayMs > 0) {
      req.pause();
      // A caller that gave up during the delay (its timeout) never reached LiveKit.
      setTimeout(() => (res.closed ? res.end() : forward(req, res)), delayMs);
    } else forward(req, res);
  });
  const forward = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const method = (req.url ?? "").split("/").pop() ?? "";
    bump(calls, method);
    const at = times.get(method) ?? [];
    times.set(method, at);
    at.push(Date.now());
    bump(flying, method);
    peak.set(method, Math.max(peak.get(method) ?? 0, flying.get(method)!));
    let done = false;
    const finish = () => {
      if (!done) bump(flying, method, -1);
      done = true;
    };
    const out = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.on("data", (c: Buffer) => bump(bytes, method, c.length));
        up.pipe(res);
        up.on("end", finish);
        up.on("error", finish);
      },
    );
    out.on("error", () => {
      finish();
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    // The console gave up (timeout): LiveKit sees its connection close, as it would directly.
    res.on("close", () => {
      if (!done) out.destroy();
      finish();
    });
    req.pipe(out);
    req.resume();
  };
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(listenOn, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    calls: (m) => calls.get(m) ?? 0,
    times: (m) => times.get(m) ?? [],
    maxInFlight: (m) => peak.get(m) ?? 0,
    inFlight: (m) => flying.get(m) ?? 0,
    bytes: (m) => bytes.get(m) ?? 0,
    reset: () => {
      calls.clear();
      times.clear();
      peak.clear();
      bytes.clear();
      for (const [k, v] of flying) peak.set(k, v);
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
