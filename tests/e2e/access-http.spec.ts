import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { SignJWT } from "jose";
import { E2E, E2E_KEYS, E2E_SESSION_SECRET, stateOf } from "../support/e2e-env";
import { PORTS } from "../support/ports";
import { sdk, uniqueRoom } from "../support/sdk";

/**
 * Server actions are public HTTP endpoints. Every action the build contains, and every
 * data route, is called here directly (no UI) by callers who must be refused.
 */
type ManifestEntry = { exportedName: string; filename: string };
const manifest = JSON.parse(
  readFileSync(
    path.resolve(__dirname, "../../.next/server/server-reference-manifest.json"),
    "utf8",
  ),
) as {
  node: Record<string, ManifestEntry>;
};
const actions = Object.entries(manifest.node).map(([id, e]) => ({ id, name: e.exportedName }));

const lk = sdk(PORTS.e2e, E2E_KEYS.apiKey, E2E_KEYS.apiSecret);
const TARGET = uniqueRoom("guarded");
const FRESH = uniqueRoom("never-created");

/** A valid input per action; an action missing here fails the suite until it is added. */
const INPUTS: Record<string, unknown> = {
  createRoom: { project: "main", name: FRESH },
  deleteRoom: { project: "main", name: TARGET, confirmedParticipants: 0 },
  getDeleteImpact: { project: "main", name: TARGET },
};
const MUTATIONS = new Set(["createRoom", "deleteRoom"]);

const key = new TextEncoder().encode(E2E_SESSION_SECRET);
async function token(sub: string, opts: { key?: Uint8Array; expiredAgoSec?: number } = {}) {
  const now =
    Math.floor(Date.now() / 1000) - (opts.expiredAgoSec ? opts.expiredAgoSec + 8 * 3600 : 0);
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(sub)
    .setJti(crypto.randomUUID())
    .setIssuer("livekit-admin")
    .setAudience("livekit-admin-console")
    .setIssuedAt(now)
    .setExpirationTime(now + 8 * 3600)
    .sign(opts.key ?? key);
}

function cookieOf(file: string) {
  const state = JSON.parse(readFileSync(file, "utf8")) as {
    cookies: { name: string; value: string }[];
  };
  return state.cookies.find((c) => c.name === "lka_session")!.value;
}

async function callAction(request: APIRequestContext, id: string, input: unknown, cookie?: string) {
  const res = await request.post("/p/main/rooms", {
    headers: {
      "Next-Action": id,
      "Content-Type": "text/plain;charset=UTF-8",
      Origin: E2E.app,
      ...(cookie ? { Cookie: `lka_session=${cookie}` } : {}),
    },
    data: JSON.stringify([input]),
  });
  return { status: res.status(), body: await res.text() };
}

test.use({ storageState: { cookies: [], origins: [] } });

test.beforeAll(async () => {
  await lk.createRoom({ name: TARGET, maxParticipants: 7 });
});

test("the build's actions are the ones this suite knows", () => {
  expect(actions.map((a) => a.name).sort()).toEqual(Object.keys(INPUTS).sort());
});

const callers: {
  who: string;
  cookie: () => Promise<string | undefined>;
  code: string;
  only?: "mutations";
}[] = [
  { who: "no cookie", cookie: async () => undefined, code: "unauthenticated" },
  {
    who: "an expired token",
    cookie: () => token("ada", { expiredAgoSec: 60 }),
    code: "unauthenticated",
  },
  {
    who: "a token signed by another key",
    cookie: () => token("ada", { key: new TextEncoder().encode("x".repeat(48)) }),
    code: "unauthenticated",
  },
  {
    who: "a viewer's session",
    cookie: async () => cookieOf(stateOf("vera")),
    code: "forbidden",
    only: "mutations",
  },
  {
    who: "a session that lacks the project",
    cookie: async () => cookieOf(stateOf("sam")),
    code: "forbidden",
  },
];

for (const c of callers) {
  test(`with ${c.who}, every ${c.only === "mutations" ? "mutation" : "action and data route"} is refused and LiveKit is unchanged`, async ({
    request,
  }) => {
    const cookie = await c.cookie();
    for (const a of actions) {
      if (c.only === "mutations" && !MUTATIONS.has(a.name)) continue;
      const { body } = await callAction(request, a.id, INPUTS[a.name], cookie);
      expect(body, a.name).toContain(`"ok":false`);
      expect(body, a.name).toContain(`"code":"${c.code}"`);
    }
    if (c.only !== "mutations") {
      const res = await request.get("/api/p/main/rooms", {
        headers: cookie ? { Cookie: `lka_session=${cookie}` } : {},
      });
      expect(res.status()).toBe(c.code === "unauthenticated" ? 401 : 403);
      expect(await res.json()).toMatchObject({ ok: false, error: { code: c.code } });
    }
    expect(await lk.listRooms([FRESH])).toEqual([]);
    expect((await lk.listRooms([TARGET]))[0]?.maxParticipants).toBe(7);
  });
}

test("the same calls succeed for an operator, so the refusals above are real", async ({
  request,
}) => {
  const cookie = cookieOf(stateOf("ada"));
  const impact = await callAction(
    request,
    actions.find((a) => a.name === "getDeleteImpact")!.id,
    INPUTS.getDeleteImpact,
    cookie,
  );
  expect(impact.body).toContain(`"ok":true`);
  const res = await request.get("/api/p/main/rooms", {
    headers: { Cookie: `lka_session=${cookie}` },
  });
  expect(res.status()).toBe(200);
});
