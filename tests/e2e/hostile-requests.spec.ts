import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { E2E, E2E_KEYS, E2E_PASSWORD, stateOf } from "../support/e2e-env";
import { PORTS } from "../support/ports";
import { sdk, uniqueRoom } from "../support/sdk";
import { builtActions, callAction, cookieOf, resultOf } from "../support/server-actions";

/**
 * Requests an attacker would send, over raw HTTP against the built console (security pass 3):
 * bodies without an end, the no-JavaScript forms of server actions, forwarded headers through
 * a real HAProxy configured as docs/scaling.md says, and paths that are not what they look like.
 */
const lk = sdk(PORTS.e2e, E2E_KEYS.apiKey, E2E_KEYS.apiSecret);
const LOGS = path.resolve(__dirname, "../../test-results/hostile");

/** The console's process, found by the port it listens on (never by name). */
function pidOn(port: number): number {
  const out = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
  const pid = /pid=(\d+)/.exec(out)?.[1];
  if (!pid) throw new Error(`nothing listens on ${port}: ${out}`);
  return Number(pid);
}

const rssMiB = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;

type Sent = { status: number; body: string };

/**
 * Posts a chunked body of `mib` MiB (made as it is sent, never held) and stops sending once the
 * answer comes: a server that stops reading at its limit answers long before the end.
 */
function postChunked(url: string, mib: number, headers: Record<string, string>): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const piece = Buffer.alloc(64 * 1024, "a");
    let left = mib * 16;
    let answered = false;
    const req = http.request(url, { method: "POST", headers }, (res) => {
      answered = true;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    // The server may close the connection after answering, while this still sends.
    req.on("error", (e) =>
      answered
        ? undefined
        : reject(new Error(`${url}: ${e.message} after ${mib * 16 - left} pieces`)),
    );
    const pump = () => {
      while (left > 0 && !answered) {
        left -= 1;
        if (!req.write(piece)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

test.describe("bodies without an end", () => {
  test("every body-reading route answers 413 to a chunked 200 MiB body (three at once) and the console's memory stays flat", async () => {
    test.setTimeout(120_000);
    const pid = pidOn(PORTS.e2eApp);
    const oscar = cookieOf(stateOf("oscar"));
    const action = builtActions({ project: "main", room: "x" }).find(
      (a) => a.name === "createRoom",
    )!;
    const routes: { name: string; url: string; headers: Record<string, string> }[] = [
      {
        name: "webhook",
        url: `${E2E.app}/api/webhooks/main`,
        headers: { "content-type": "application/webhook+json", authorization: "x" },
      },
      {
        name: "sign-in (JSON)",
        url: `${E2E.app}/api/auth/sign-in`,
        headers: { "content-type": "application/json", origin: E2E.app },
      },
      {
        name: "sign-in (form)",
        url: `${E2E.app}/api/auth/sign-in`,
        headers: { "content-type": "application/x-www-form-urlencoded", origin: E2E.app },
      },
      {
        name: "server action",
        url: `${E2E.app}${action.page}`,
        headers: {
          "next-action": action.id,
          "content-type": "text/plain;charset=UTF-8",
          origin: E2E.app,
          cookie: `lka_session=${oscar}`,
        },
      },
    ];
    const round = async (mib: number) => {
      for (const r of routes) {
        const answers = await Promise.all([1, 2, 3].map(() => postChunked(r.url, mib, r.headers)));
        for (const a of answers) expect(a.status, `${r.name}: ${a.body.slice(0, 200)}`).toBe(413);
      }
    };
    // Warm: a first round loads each route's code and grows the heap to what a refusal needs
    // (Next's own copy of an action's body for the proxy settles after a round or two). The
    // measured round must cost nothing more, at its peak (sampled every 20 ms) or after: read
    // whole, three such bodies at once would add 600 MiB while they are held.
    await round(200);
    await new Promise((r) => setTimeout(r, 1000));
    const before = rssMiB(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 20);
    try {
      await round(200);
      await new Promise((r) => setTimeout(r, 1000));
    } finally {
      clearInterval(sampler);
    }
    const after = rssMiB(pid);
    console.log(
      `hostile bodies: RSS ${before.toFixed(1)} MiB before, peak ${peak.toFixed(1)}, after ${after.toFixed(1)} (12 × 200 MiB sent)`,
    );
    // Measured here: peak +26 MiB (each of the three at once holds at most its limit, Next's
    // 2 MiB copy of an action's body and the pieces being dropped), +3 to +26 MiB after (the
    // collector had not run yet). Read whole it would be 600 MiB: the bound is far from both.
    expect(peak - before).toBeLessThan(48);
    expect(after - before).toBeLessThan(48);
  });
});

test.describe("server actions in every encoding", () => {
  const oscar = () => cookieOf(stateOf("oscar"));
  const vera = () => cookieOf(stateOf("vera"));

  /** An action's no-JavaScript form, as a browser without scripts would post it. */
  function formPost(
    url: string,
    actionId: string,
    kind: "multipart" | "url-encoded",
    headers: Record<string, string>,
    extra = "",
  ): Promise<Sent> {
    return new Promise((resolve, reject) => {
      const boundary = "----lka" + Date.now();
      const body =
        kind === "multipart"
          ? `--${boundary}\r\nContent-Disposition: form-data; name="$ACTION_ID_${actionId}"\r\n\r\n\r\n` +
            `--${boundary}\r\nContent-Disposition: form-data; name="1_project"\r\n\r\nmain\r\n` +
            extra +
            `--${boundary}--\r\n`
          : `%24ACTION_ID_${actionId}=&1_project=main`;
      const req = http.request(
        url,
        {
          method: "POST",
          headers: {
            "content-type":
              kind === "multipart"
                ? `multipart/form-data; boundary=${boundary}`
                : "application/x-www-form-urlencoded",
            ...headers,
          },
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (c: string) => (text += c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  }

  test("every action's form posts are refused: 403 cross-site or null Origin, 415 otherwise, never a 5xx, and nothing changes", async ({
    request,
  }) => {
    test.setTimeout(120_000);
    const room = uniqueRoom("form-post");
    await lk.createRoom({ name: room, metadata: "before" });
    const actions = builtActions({ project: "main", room });
    expect(actions.length).toBeGreaterThan(5);
    const callers: { who: string; headers: Record<string, string>; status: number }[] = [
      { who: "no session, same origin", headers: { origin: E2E.app }, status: 415 },
      {
        who: "no session, cross-site",
        headers: { origin: "http://evil.example", "sec-fetch-site": "cross-site" },
        status: 403,
      },
      { who: "no session, null Origin", headers: { origin: "null" }, status: 403 },
      {
        who: "operator, cross-site",
        headers: {
          origin: "http://evil.example",
          "sec-fetch-site": "cross-site",
          cookie: `lka_session=${oscar()}`,
        },
        status: 403,
      },
      {
        who: "operator, same origin",
        headers: { origin: E2E.app, cookie: `lka_session=${oscar()}` },
        status: 415,
      },
      {
        who: "viewer, same origin",
        headers: { origin: E2E.app, cookie: `lka_session=${vera()}` },
        status: 415,
      },
    ];
    for (const a of actions) {
      const url = `${E2E.app}${a.page}`;
      for (const c of callers) {
        for (const kind of ["multipart", "url-encoded"] as const) {
          const res = await formPost(url, a.id, kind, c.headers);
          expect(res.status, `${a.name} ${kind} from ${c.who}`).toBe(c.status);
        }
      }
      // A reference to a part that is not there: refused before Next decodes it (was a 500).
      const broken = await formPost(
        url,
        a.id,
        "multipart",
        { origin: E2E.app, cookie: `lka_session=${oscar()}` },
        `--x\r\nContent-Disposition: form-data; name="1_room"\r\n\r\n$K99\r\n`,
      );
      expect(broken.status, `${a.name} with a missing part`).toBe(415);
    }
    // The header form of the same action, for comparison: cross-site is the same 403, and a
    // viewer gets the typed refusal of their role.
    const update = actions.find((a) => a.name === "updateRoomMetadata")!;
    const cross = await request.post(update.page, {
      headers: {
        "Next-Action": update.id,
        "Content-Type": "text/plain;charset=UTF-8",
        Origin: "http://evil.example",
        "Sec-Fetch-Site": "cross-site",
        Cookie: `lka_session=${oscar()}`,
      },
      data: JSON.stringify([{ project: "main", room, metadata: "changed" }]),
    });
    expect(cross.status()).toBe(403);
    const asViewer = await callAction(
      request,
      update,
      { project: "main", room, metadata: "changed" },
      { cookie: vera(), origin: E2E.app },
    );
    expect(resultOf(asViewer.body)?.error?.code).toBe("forbidden");
    const [after] = await lk.listRooms([room]);
    expect(after?.metadata).toBe("before");
    await lk.deleteRoom(room);
  });
});

test.describe("paths and probes", () => {
  /** A GET with the path exactly as written (Playwright and fetch would resolve the dots). */
  function rawGet(target: string): Promise<http.IncomingMessage> {
    return new Promise((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port: PORTS.e2eApp, path: target }, (res) => {
        res.resume();
        resolve(res);
      });
      req.on("error", reject);
      req.end();
    });
  }

  test("a raw /api/../sign-in is the sign-in page, with its Content-Security-Policy", async () => {
    for (const target of ["/api/../sign-in", "/api/%2e%2e/sign-in"]) {
      const res = await rawGet(target);
      expect(res.statusCode, target).toBe(200);
      expect(res.headers["content-security-policy"], target).toContain("frame-ancestors 'none'");
    }
  });

  test("/api/ready tells a stranger ready or not, and a signed-in admin the detail", async ({
    playwright,
  }) => {
    const stranger = await playwright.request.newContext({
      storageState: { cookies: [], origins: [] },
    });
    const plain = await stranger.get(`${E2E.app}/api/ready`);
    expect(plain.status()).toBe(200);
    expect(await plain.json()).toEqual({ ready: true, degraded: [] });
    await stranger.dispose();
    const admin = await playwright.request.newContext({ storageState: stateOf("ada") });
    const detail = (await (await admin.get(`${E2E.app}/api/ready`)).json()) as Record<
      string,
      unknown
    >;
    expect(detail).toMatchObject({ ready: true, database: { ok: true } });
    expect(Object.keys(detail.livekit as object).sort()).toEqual(["main", "second"]);
    await admin.dispose();
    // An operator (not an admin) is a stranger here.
    const operator = await playwright.request.newContext({ storageState: stateOf("oscar") });
    expect(await (await operator.get(`${E2E.app}/api/ready`)).json()).toEqual({
      ready: true,
      degraded: [],
    });
    await operator.dispose();
  });
});

test.describe("behind HAProxy, configured as docs/scaling.md says", () => {
  let haproxy: ChildProcess | undefined;
  const PROXY = `http://127.0.0.1:${PORTS.e2eProxy}`;

  /** The HAProxy configuration in docs/scaling.md, for the fault app (TRUST_PROXY=127.0.0.1). */
  function documentedConfig(): string {
    const doc = readFileSync(path.resolve(__dirname, "../../docs/scaling.md"), "utf8");
    const cfg = /cat > \/etc\/haproxy\/livekit-admin\.cfg <<'CFG'\n([\s\S]*?)\nCFG/.exec(doc)?.[1];
    if (!cfg) throw new Error("docs/scaling.md has no HAProxy example");
    expect(cfg).toContain("option forwardfor");
    // One console behind it, the fault app (the example's two are the same console twice);
    // the backend is the example's last section.
    return (
      cfg
        .replace(/bind \S+/, `bind 127.0.0.1:${PORTS.e2eProxy}`)
        .replace(/\n\s*server \S+ \S+ check/g, "") +
      `\n  server a 127.0.0.1:${PORTS.e2eFaultApp} check\n`
    );
  }

  test.beforeAll(async () => {
    mkdirSync(LOGS, { recursive: true });
    const cfg = path.join(LOGS, "haproxy.cfg");
    writeFileSync(cfg, documentedConfig());
    const out = openSync(path.join(LOGS, "haproxy.log"), "a");
    haproxy = spawn("haproxy", ["-db", "-f", cfg], { stdio: ["ignore", out, out], detached: true });
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${PROXY}/api/health`)).ok) break;
      } catch {
        /* not yet */
      }
      if (i > 100) throw new Error("HAProxy did not answer");
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  test.afterAll(() => {
    if (haproxy?.pid) process.kill(-haproxy.pid, "SIGKILL");
  });

  // A loopback address of this run's own (not the proxy's 127.0.0.1): the fault app keeps its
  // database between local runs, and a lock from the last run must not meet this one.
  const CLIENT = `127.0.${1 + Math.floor(Math.random() * 250)}.${2 + Math.floor(Math.random() * 250)}`;

  /** A request through the proxy from another loopback address than the proxy's own. */
  function via(
    method: "GET" | "POST",
    target: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        `${PROXY}${target}`,
        { method, headers, localAddress: CLIENT },
        (res) => {
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  }

  test("a client's own X-Forwarded-Proto, -Host and -For change nothing they should not", async ({
    request,
  }) => {
    test.setTimeout(120_000);
    const claims = {
      "x-forwarded-proto": "https",
      "x-forwarded-host": "evil.example",
      "x-forwarded-for": "198.51.100.9",
    };
    // Plain HTTP stays plain HTTP: no HSTS, and the session cookie is not a __Host- one.
    const page = await via("GET", "/sign-in", claims);
    expect(page.status).toBe(200);
    expect(page.headers["strict-transport-security"]).toBeUndefined();
    const signIn = await via(
      "POST",
      "/api/auth/sign-in",
      { ...claims, "content-type": "application/json", origin: PROXY },
      JSON.stringify({ username: "root", password: E2E_PASSWORD }),
    );
    expect(signIn.status).toBe(200);
    const cookie = String(signIn.headers["set-cookie"]);
    expect(cookie).toMatch(/^lka_session=/);
    expect(cookie).not.toMatch(/Secure/i);
    // A sign-out from another site stays cross-site whatever host the client claims.
    const token = /lka_session=([^;]+)/.exec(cookie)![1]!;
    const signOut = await via("POST", "/api/auth/sign-out", {
      ...claims,
      origin: "http://evil.example",
      cookie: `lka_session=${token}`,
    });
    expect(signOut.status).toBe(403);
    // Failures are counted under the address HAProxy saw (CLIENT), whatever the client
    // writes in X-Forwarded-For: the address rule (20) throttles a rotating header.
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      const r = await via(
        "POST",
        "/api/auth/sign-in",
        {
          "content-type": "application/json",
          origin: PROXY,
          "x-forwarded-for": `203.0.113.${i}`,
        },
        JSON.stringify({ username: `guess-${i}`, password: "wrong" }),
      );
      statuses.push(r.status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toContain(429);
    const csv = await request.get(
      `${E2E.faultApp}/api/p/default/audit/csv?action=auth.sign-in&outcome=failed`,
      { headers: { cookie: `lka_session=${cookieOf(stateOf("root"))}` } },
    );
    const text = await csv.text();
    expect(text).toContain(`"${CLIENT}"`);
    expect(text).not.toContain("203.0.113.");
    expect(text).not.toContain("198.51.100.9");
  });
});
