/**
 * The console's webhook receiver (the route handler itself) in a process of its own, for tests
 * that kill it: it serves POST /api/webhooks/<project> on an ephemeral loopback port, prints
 * "listening <port>" and starts history's loop as the console does at start-up (the first round
 * repairs the sessions of events stored before a crash). Configuration comes from the
 * environment (DATABASE_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET, ...).
 *   tsx --conditions=react-server tests/support/webhook-child.ts
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { POST } from "@/app/api/webhooks/[project]/route";
import { startHistory } from "@/lib/history";

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const project = decodeURIComponent(req.url!.split("/").at(-1)!);
    void POST(
      new Request(`http://127.0.0.1${req.url}`, {
        method: "POST",
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks),
      }),
      { params: Promise.resolve({ project }) },
    ).then(async (r) => {
      res.writeHead(r.status, Object.fromEntries(r.headers)).end(await r.text());
    });
  });
});
server.listen(0, "127.0.0.1", () => {
  startHistory();
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
