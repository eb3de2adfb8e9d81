/**
 * More rooms than this machine's livekit-server can hold, for the console's figures at
 * 100,000 rooms. livekit-server v1.13.5 here needs ~190 KiB of memory and ~2 % of a core per
 * idle room (42,825 rooms: 8 GiB, 84 % of a core, still growing; see NOTES.md): 100,000 real
 * rooms would take the whole 2-core, 24 GiB VM. So the real server holds some rooms (10,000)
 * and this proxy in front of it adds the rest to its answers, as LiveKit would list them:
 *
 * - ListRooms of every room: LiveKit's own answer (a real call each time), with the added
 *   rooms written in the same Twirp JSON as its first room (same fields, their own sid and
 *   name), answered no sooner than LiveKit's own pace for that many rooms would allow
 *   (`msPerRoom`, measured: ~0.12 ms a room, ~12 s at 100,000);
 * - ListRooms by names: LiveKit's answer plus the added rooms named;
 * - ListParticipants of an added room: none (what LiveKit says of an empty room);
 * - everything else goes to LiveKit as it is (an added room is unknown there).
 *
 * The console cannot tell it from a LiveKit holding all the rooms, except that added rooms
 * cannot be deleted or joined: the live view, search and Needs attention only read them.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type ManyRooms = {
  url: string;
  wsUrl: string;
  /** From now on, rooms up to `to` (exclusive) are added. */
  addUpTo: (to: number) => void;
  close: () => Promise<void>;
};

const readAll = async (s: NodeJS.ReadableStream): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};

/** LiveKit's `{"rooms":[…]}` with `extra` (entries joined by ", ") added at the end. */
function withRooms(answer: string, extra: string): string {
  if (!extra) return answer;
  const end = answer.lastIndexOf("]");
  const empty = answer.slice(0, end).trimEnd().endsWith("[");
  return `${answer.slice(0, end)}${empty ? "" : ", "}${extra}${answer.slice(end)}`;
}

export async function startManyRooms(
  target: string,
  opts: {
    /** Rooms named `${prefix}${i}` for i in [from, to) are added (none while to <= from). */
    prefix: string;
    from: number;
    to: number;
    /** LiveKit's time per room listed: a list of every room is answered no sooner. */
    msPerRoom: number;
  },
): Promise<ManyRooms> {
  const upstream = new URL(target.replace(/^ws/, "http"));
  const call = (req: http.IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>(
      (resolve, reject) => {
        const out = http.request(
          {
            host: upstream.hostname,
            port: upstream.port,
            method: req.method,
            path: req.url,
            headers: { ...req.headers, "content-length": String(body.length) },
          },
          (up) => {
            readAll(up).then(
              (b) => resolve({ status: up.statusCode ?? 502, headers: up.headers, body: b }),
              reject,
            );
          },
        );
        out.on("error", reject);
        out.end(body);
      },
    );
  // The added rooms, in LiveKit's JSON, from its own first room.
  let template: string | undefined;
  const entries = new Map<string, string>();
  let all = "";
  let to = opts.to;
  let builtTo = opts.from;
  const entry = (name: string, i: number) =>
    template!
      .replace(/"sid":"[^"]*"/, `"sid":"RM_added${String(i).padStart(7, "0")}"`)
      .replace(/"name":"[^"]*"/, `"name":${JSON.stringify(name)}`);
  const build = (answer: string) => {
    if (!template) {
      const rooms = answer.slice(answer.indexOf("[") + 1);
      template = /^\s*(\{"sid".*?"version":(?:null|\{[^}]*\})\})/.exec(rooms)?.[1];
      if (!template) throw new Error("LiveKit listed no room to copy: create one first");
    }
    if (builtTo === to) return;
    entries.clear();
    for (let i = opts.from; i < to; i++) {
      const name = `${opts.prefix}${i}`;
      entries.set(name, entry(name, i));
    }
    all = [...entries.values()].join(", ");
    builtTo = to;
  };
  const total = (answer: string) => entries.size + (answer.match(/"sid":/g)?.length ?? 0);
  const json = (res: http.ServerResponse, status: number, text: string) => {
    const b = Buffer.from(text);
    res.writeHead(status, { "Content-Type": "application/json", "Content-Length": b.length });
    res.end(b);
  };

  const server = http.createServer((req, res) => {
    const t0 = performance.now();
    const method = (req.url ?? "").split("/").pop() ?? "";
    void (async () => {
      const body = await readAll(req);
      if (method === "ListRooms" || method === "ListParticipants") {
        const asked = JSON.parse(body.toString() || "{}") as { names?: string[]; room?: string };
        if (method === "ListParticipants" && asked.room && entries.has(asked.room))
          return json(res, 200, `{"participants":[]}`);
        if (method === "ListRooms") {
          const up = await call(req, body);
          if (up.status !== 200) return json(res, up.status, up.body.toString());
          const answer = up.body.toString();
          build(answer);
          if (asked.names?.length) {
            const named = asked.names.flatMap((n) => entries.get(n) ?? []);
            return json(res, 200, withRooms(answer, named.join(", ")));
          }
          const text = withRooms(answer, all);
          const wait = opts.msPerRoom * total(answer) - (performance.now() - t0);
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          return json(res, 200, text);
        }
      }
      const up = await call(req, body);
      res.writeHead(up.status, up.headers);
      res.end(up.body);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
  });
  const sockets = new Set<import("node:net").Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    addUpTo: (n) => (to = Math.max(opts.from, n)),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
