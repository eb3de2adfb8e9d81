import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { createDispatch } from "@/app/p/[project]/rooms/[room]/actions";
import { signSession } from "@/lib/auth/token";
import { sessionAudience } from "@/lib/auth/session";
import { apiUrl } from "@/lib/procedures/routes";
import type { ActionResult } from "@/lib/procedures/result";
import type { DispatchView } from "@/lib/agents/view";
import { apiGet } from "../support/api";
import { writeAccessFile } from "../support/access-fixture";
import { startCountingProxy, type CountingProxy } from "../support/counting-proxy";
import { PORTS } from "../support/ports";
import { setSessionToken } from "../support/session-cookie";
import { sdk, uniqueRoom } from "../support/sdk";
import { SESSION_SECRET } from "./env";

/**
 * The live-view budget holds for dispatches: however many tabs poll a room's dispatches, one
 * ListDispatch per interval reaches LiveKit (counted through a proxy in front of a real
 * livekit-server).
 */
const project = "main";
const TABS = 20;
let proxy: CountingProxy;

beforeAll(async () => {
  proxy = await startCountingProxy(`http://127.0.0.1:${PORTS.integration}`);
  vi.stubEnv(
    "LIVEKIT_ADMIN_CONFIG",
    await writeAccessFile({ main: proxy.wsUrl, second: proxy.wsUrl }, "devkey"),
  );
  vi.stubEnv("MAIN_LIVEKIT_SECRET", "secret");
  vi.stubEnv("SECOND_LIVEKIT_SECRET", "secret");
  setSessionToken(
    await signSession("oscar", new TextEncoder().encode(SESSION_SECRET), {
      audience: await sessionAudience(),
    }),
  );
});

afterAll(async () => {
  await proxy?.close();
  vi.unstubAllEnvs();
});

it(`${TABS} tabs polling a room's dispatches every 500 ms for 6 s: one ListDispatch per 2 s interval`, async () => {
  const room = uniqueRoom("fan-out-agents");
  await sdk().createRoom({ name: room });
  const made = await createDispatch({ project, room, agentName: "counted", metadata: "" });
  expect(made.ok).toBe(true);
  proxy.reset();
  const url = apiUrl(project, "listDispatches", { params: { room } });
  const started = Date.now();
  let answers = 0;
  await Promise.all(
    Array.from({ length: TABS }, async () => {
      while (Date.now() - started < 6_000) {
        const { body } = await apiGet<ActionResult<DispatchView[]>>(url);
        if (!body.ok) throw new Error(body.error.message);
        expect(body.data.map((d) => d.agentName)).toContain("counted");
        answers += 1;
        await sleep(500);
      }
    }),
  );
  const calls = proxy.calls("ListDispatch");
  console.log(`${answers} answers to ${TABS} tabs, ${calls} ListDispatch upstream in 6 s`);
  expect(answers).toBeGreaterThan(TABS * 8);
  // 6 s at one read per 2 s, and the read a changed dispatch triggers: at most 4-5.
  expect(calls).toBeLessThanOrEqual(5);
  await sdk().deleteRoom(room);
});
