import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { createRoom, deleteRoom, getDeleteImpact } from "@/app/p/[project]/rooms/actions";
import { POST as signIn } from "@/app/api/auth/sign-in/route";
import { POST as signOut } from "@/app/api/auth/sign-out/route";
import { database } from "@/lib/db";
import { audienceOf, SESSION_TTL_SEC, signSession } from "@/lib/auth/token";
import { sessionAudience } from "@/lib/auth/session";
import { serverAction } from "@/lib/procedures/pipeline/action";
import { allProcedures, procedures } from "@/lib/procedures/registry";
import { apiUrl } from "@/lib/procedures/routes";
import type { AnyProcedure } from "@/lib/procedures/procedure";
import { apiGet } from "../support/api";
import { withAccessFile, PASSWORD } from "../support/access-fixture";
import { setSessionToken } from "../support/session-cookie";
import { sdk, uniqueRoom } from "../support/sdk";
import { SESSION_SECRET } from "./env";
import { viaConsoleServer } from "../support/console-server";

const lk = sdk();
const key = new TextEncoder().encode(SESSION_SECRET);
withAccessFile({ beforeAll, afterAll });

const as = async (username: string) =>
  setSessionToken(await signSession(username, key, { audience: await sessionAudience() }));

const listViaRoute = (project: string) =>
  apiGet<{ ok: boolean; error?: { code: string } }>(`/api/p/${project}/rooms`);

type Caller = { name: string; setup: () => Promise<void> | void; code: string; status: number };

const strangers: Caller[] = [
  {
    name: "no cookie",
    setup: () => setSessionToken(undefined),
    code: "unauthenticated",
    status: 401,
  },
  {
    name: "an expired token",
    setup: async () =>
      setSessionToken(
        await signSession("ada", key, {
          audience: await sessionAudience(),
          nowMs: Date.now() - (SESSION_TTL_SEC + 60) * 1000,
        }),
      ),
    code: "unauthenticated",
    status: 401,
  },
  {
    name: "a token signed by another key",
    setup: async () =>
      setSessionToken(
        await signSession("ada", new TextEncoder().encode("another-key-another-key-another-key!"), {
          audience: await sessionAudience(),
        }),
      ),
    code: "unauthenticated",
    status: 401,
  },
  {
    // Same SESSION_SECRET, another deployment (another database): its audience differs.
    name: "a token of another deployment sharing the secret",
    setup: async () =>
      setSessionToken(
        await signSession("ada", key, { audience: audienceOf("another-deployment") }),
      ),
    code: "unauthenticated",
    status: 401,
  },
  {
    name: "a tampered token",
    setup: async () =>
      setSessionToken(
        (await signSession("vera", key, { audience: await sessionAudience() })).replace(
          /\.[^.]+\./,
          `.${Buffer.from(JSON.stringify({ sub: "ada" })).toString("base64url")}.`,
        ),
      ),
    code: "unauthenticated",
    status: 401,
  },
  {
    name: "a user who was removed from the file",
    setup: () => as("mallory"),
    code: "unauthenticated",
    status: 401,
  },
  {
    name: "a session that lacks the project",
    setup: () => as("sam"),
    code: "forbidden",
    status: 403,
  },
];

/**
 * Every procedure of the registry, called as a stranger would: its server action, or its GET
 * route. Inputs that would change LiveKit if let through name real rooms; the rest get any.
 */
async function callEvery(existing: string, fresh: string) {
  const inputs: Record<string, Record<string, unknown>> = {
    createRoom: { name: fresh },
    deleteRoom: { name: existing, confirmedParticipants: 0 },
    updateRoomMetadata: { room: existing, metadata: "changed by a stranger" },
    startBulkDelete: { rooms: [existing], typed: "delete 1 rooms" },
  };
  const any = { name: existing, room: existing, rooms: [existing], identity: "x", text: "x" };
  const answers: { key: string; result: unknown; status?: number }[] = [];
  for (const [key, p] of Object.entries(procedures) as [string, AnyProcedure][]) {
    if (p.action) {
      const input = { project: "main", ...(inputs[key] ?? any) };
      answers.push({ key, result: await serverAction(p)(input) });
    }
    if (p.route) {
      const params = Object.fromEntries(
        [...p.route.path.matchAll(/:(\w+)/g)].map((m) => [m[1]!, existing]),
      );
      const url = (apiUrl as (p: string, r: string, o: object) => string)("main", key, {
        params,
      });
      const { status, body } = await apiGet(url);
      answers.push({ key, result: body, status });
    }
  }
  return answers;
}

describe.each(strangers)("with $name", ({ setup, code, status }) => {
  it("every procedure of the registry refuses, and LiveKit is unchanged", async () => {
    const existing = uniqueRoom("guarded");
    await lk.createRoom({ name: existing, maxParticipants: 7 });
    const fresh = uniqueRoom("never");
    await setup();

    const answers = await callEvery(existing, fresh);
    // Each procedure was reached (an action or a route; none is neither).
    expect(new Set(answers.map((a) => a.key)).size).toBe(allProcedures.length);
    for (const a of answers) {
      expect(a.result, a.key).toMatchObject({ ok: false, error: { code } });
      if (a.status !== undefined) expect(a.status, a.key).toBe(status);
    }

    expect(await lk.listRooms([fresh])).toEqual([]);
    const [room] = await lk.listRooms([existing]);
    expect({ max: room?.maxParticipants, metadata: room?.metadata }).toEqual({
      max: 7,
      metadata: "",
    });
  });
});

describe("roles", () => {
  it("a viewer reads but cannot create or delete", async () => {
    const existing = uniqueRoom("viewed");
    await lk.createRoom({ name: existing });
    await as("vera");
    expect((await listViaRoute("main")).status).toBe(200);
    expect(await getDeleteImpact({ project: "main", name: existing })).toMatchObject({ ok: true });
    const created = await createRoom({ project: "main", name: uniqueRoom("viewer-made") });
    expect(created).toEqual({
      ok: false,
      error: {
        code: "forbidden",
        message: "This needs the operator or admin role; you are a viewer in main.",
      },
    });
    expect(
      await deleteRoom({ project: "main", name: existing, confirmedParticipants: 0 }),
    ).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await lk.listRooms([existing])).toHaveLength(1);
  });

  it("roles are per project: an operator in main is a viewer in second", async () => {
    await as("oscar");
    const name = uniqueRoom("oscar");
    expect(await createRoom({ project: "second", name })).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    expect(await createRoom({ project: "main", name })).toMatchObject({ ok: true });
    expect(await deleteRoom({ project: "main", name, confirmedParticipants: 0 })).toEqual({
      ok: true,
      data: { status: "deleted", disconnected: 0 },
    });
  });

  it("the project is checked before the input is read", async () => {
    await as("sam");
    const r = await createRoom({ project: "main", name: "" });
    expect(r).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });
});

function signInRequest(body: unknown, host = "127.0.0.1:3000", address = "203.0.113.7") {
  return new NextRequest(`http://${host}/api/auth/sign-in`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      host,
      origin: `http://${host}`,
      // What the console's server (scripts/server.mjs) sets from the socket.
      ...viaConsoleServer(address),
    },
    body: JSON.stringify(body),
  });
}

describe("sign-in", () => {
  it("sets an HttpOnly, SameSite=Lax session cookie (Secure outside localhost)", async () => {
    const local = await signIn(signInRequest({ username: "ada", password: PASSWORD }));
    expect(local.status).toBe(200);
    const cookie = local.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^lka_session=ey/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    expect(cookie).toMatch(/Max-Age=28800/);
    const remote = await signIn(
      signInRequest({ username: "ada", password: PASSWORD }, "admin.example.com"),
    );
    expect(remote.headers.get("set-cookie")).toMatch(/Secure/i);
  });

  it("answers the same for a wrong password and an unknown user", async () => {
    const wrong = await signIn(
      signInRequest({ username: "vera", password: "nope" }, undefined, "203.0.113.20"),
    );
    const unknown = await signIn(
      signInRequest({ username: "nobody-here", password: "nope" }, undefined, "203.0.113.21"),
    );
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    expect(wrong.headers.get("set-cookie")).toBeNull();
  });

  it("after repeated failures from one address, the right password from there is refused too, with 429 and Retry-After", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push(
        (
          await signIn(
            signInRequest({ username: "oscar", password: `guess-${i}` }, undefined, "198.51.100.1"),
          )
        ).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const right = await signIn(
      signInRequest({ username: "oscar", password: PASSWORD }, undefined, "198.51.100.1"),
    );
    expect(right.status).toBe(429);
    expect(Number(right.headers.get("retry-after"))).toBeGreaterThan(800);
    expect(right.headers.get("set-cookie")).toBeNull();
    expect(((await right.json()) as { error: { message: string } }).error.message).toMatch(
      /^Too many failed sign-ins for this user from this address. Try again in 15 minutes.$/,
    );
    // Elsewhere, the owner signs in: a guesser locks only his own address out.
    const elsewhere = await signIn(
      signInRequest({ username: "oscar", password: PASSWORD }, undefined, "198.51.100.99"),
    );
    expect(elsewhere.status).toBe(200);
  }, 30_000);

  it("records sign-ins, failed ones and sign-outs in the audit trail; sign-out revokes the token", async () => {
    const ok = await signIn(
      signInRequest({ username: "vera", password: PASSWORD }, undefined, "203.0.113.40"),
    );
    const token = /lka_session=([^;]+)/.exec(ok.headers.get("set-cookie") ?? "")![1]!;
    await signIn(signInRequest({ username: "vera", password: "wrong" }, undefined, "203.0.113.41"));
    setSessionToken(token);
    const out = await signOut(
      new NextRequest("http://127.0.0.1:3000/api/auth/sign-out", { method: "POST" }),
    );
    expect(out.status).toBe(303);
    expect(await createRoom({ project: "main", name: uniqueRoom("after-sign-out") })).toMatchObject(
      { ok: false, error: { code: "unauthenticated" } },
    );
    const { audit } = await database();
    const rows = await audit.query({ actor: "vera", limit: 10 });
    expect(rows.slice(0, 3).map((r) => [r.action, r.outcome])).toEqual([
      ["auth.sign-out", "ok"],
      ["auth.sign-in", "failed"],
      ["auth.sign-in", "ok"],
    ]);
    expect(JSON.stringify(rows)).not.toContain(PASSWORD);
  });

  it("refuses a cross-site post", async () => {
    const req = new NextRequest("http://127.0.0.1:3000/api/auth/sign-in", {
      method: "POST",
      headers: {
        host: "127.0.0.1:3000",
        origin: "https://evil.example",
        "content-type": "application/json",
      },
      body: JSON.stringify({ username: "ada", password: PASSWORD }),
    });
    expect((await signIn(req)).status).toBe(403);
  });
});

describe("the audit trail of refusals", () => {
  it("records what the operator sent, without the project key or secrets, also for refused input and other projects", async () => {
    await as("vera");
    await createRoom({ project: "main", name: "by-a-viewer", emptyTimeout: "600", metadata: "m" });
    await as("oscar");
    await createRoom({ project: "main", name: "bad-number", emptyTimeout: "0x10" });
    await as("sam");
    await createRoom({ project: "main", name: "not-my-project" });
    const { audit } = await database();
    const rows = await audit.query({ action: "room.create", outcome: "refused", limit: 3 });
    expect(rows.map((r) => [r.actor, r.project, r.errorCode, r.params])).toEqual([
      ["sam", "main", "forbidden", { name: "not-my-project" }],
      ["oscar", "main", "invalid_input", { name: "bad-number", emptyTimeout: "0x10" }],
      ["vera", "main", "forbidden", { name: "by-a-viewer", emptyTimeout: "600", metadata: "m" }],
    ]);
  });
});
