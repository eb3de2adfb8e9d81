import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AgentDispatchClient } from "livekit-server-sdk";
import { ParticipantInfo_Kind } from "@livekit/protocol";
import { createDispatch, deleteDispatch } from "@/app/p/[project]/rooms/[room]/actions";
import { createRoom } from "@/app/p/[project]/rooms/actions";
import { apiGet } from "../support/api";
import { database } from "@/lib/db";
import { apiUrl } from "@/lib/procedures/routes";
import type { ActionResult } from "@/lib/procedures/result";
import type { DispatchView } from "@/lib/agents/view";
import type { RoomDetail } from "@/lib/rooms/participants";
import { reasonText, type AttentionRoom } from "@/lib/rooms/attention";
import { startDemoAgent, type DemoAgent } from "../support/demo-agent";
import { PORTS } from "../support/ports";
import { sdk, uniqueRoom } from "../support/sdk";

const project = "default";
const httpUrl = `http://127.0.0.1:${PORTS.integration}`;
const lk = sdk();
const ads = new AgentDispatchClient(httpUrl, "devkey", "secret");
/**
 * LiveKit adds an automatic dispatch (agent name "") to every room created without `agents`,
 * for workers registered without a name: left out where a test counts its own.
 */
const named = async (room: string) => (await ads.listDispatch(room)).filter((d) => d.agentName);
let agent: DemoAgent | undefined;

// A dispatch made before the worker is registered is never delivered: wait for it first.
beforeAll(async () => {
  const t0 = Date.now();
  agent = await startDemoAgent({
    url: httpUrl.replace(/^http/, "ws"),
    agentName: `demo-${Date.now().toString(36)}`,
  });
  console.log(`demo agent registered in ${Date.now() - t0} ms`);
}, 90_000);

afterAll(async () => {
  await agent?.stop();
  delete process.env.ATTENTION_AGENT_JOIN_SEC;
});

async function dispatchesOf(room: string) {
  const { body } = await apiGet<ActionResult<DispatchView[]>>(
    apiUrl(project, "listDispatches", { params: { room } }),
  );
  if (!body.ok) throw new Error(body.error.message);
  return body.data;
}

async function detail(room: string) {
  const { body } = await apiGet<ActionResult<RoomDetail>>(
    apiUrl(project, "readRoom", { params: { room } }),
  );
  if (!body.ok || !body.data.exists) throw new Error("room not readable");
  return body.data;
}

describe("agent dispatches", () => {
  it("create, list and delete round-trip, checked with the SDK, each an audit row", async () => {
    const room = uniqueRoom("🤖 dispatch/ü");
    await lk.createRoom({ name: room });
    const made = await createDispatch({
      project,
      room,
      agentName: "nobody-registered",
      metadata: '{"lang":"fr"}',
    });
    expect(made).toMatchObject({
      ok: true,
      data: { agentName: "nobody-registered", metadata: '{"lang":"fr"}' },
    });
    if (!made.ok) return;
    expect(made.data.id).toMatch(/^AD_/);
    // No more than a few seconds off: the unit of created_at is guessed (see epochToMs).
    expect(Math.abs(made.data.createdAtMs - Date.now())).toBeLessThan(10_000);
    const upstream = await named(room);
    expect(upstream.map((d) => [d.id, d.agentName, d.metadata])).toEqual([
      [made.data.id, "nobody-registered", '{"lang":"fr"}'],
    ]);
    expect((await dispatchesOf(room)).filter((d) => d.agentName)).toEqual([made.data]);

    const gone = await deleteDispatch({ project, room, dispatchId: made.data.id });
    expect(gone).toEqual({ ok: true, data: { status: "deleted", removed: [] } });
    expect(await named(room)).toEqual([]);
    expect((await dispatchesOf(room)).map((d) => d.agentName)).toEqual([""]);
    // Deleting again is said plainly, not an error.
    expect(await deleteDispatch({ project, room, dispatchId: made.data.id })).toEqual({
      ok: true,
      data: { status: "already_gone", removed: [] },
    });
    const rows = await (await database()).audit.query({ project, limit: 50 });
    const mine = rows.filter((r) => r.target.startsWith(room));
    expect(mine.map((r) => [r.action, r.outcome])).toEqual(
      expect.arrayContaining([
        ["agent.dispatch", "ok"],
        ["agent.dispatch-delete", "ok"],
      ]),
    );
  });

  it("refuses metadata that is not JSON, and a room that does not exist", async () => {
    const room = uniqueRoom("dispatch-bad");
    await lk.createRoom({ name: room });
    const bad = await createDispatch({ project, room, agentName: "a", metadata: "{oops" });
    expect(bad).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    if (!bad.ok) expect(bad.error.fieldErrors?.metadata?.[0]).toMatch(/must be JSON/);
    const none = await createDispatch({ project, room: uniqueRoom("none"), agentName: "a" });
    expect(none).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await named(room)).toEqual([]);
  });

  it("a closed room has no dispatches, said at once (LiveKit itself would wait 3 s, then 503)", async () => {
    const room = uniqueRoom("closed");
    const t0 = Date.now();
    expect(await dispatchesOf(room)).toEqual([]);
    expect(await deleteDispatch({ project, room, dispatchId: "AD_abcdefabcdef" })).toEqual({
      ok: true,
      data: { status: "already_gone", removed: [] },
    });
    expect(Date.now() - t0).toBeLessThan(2_500);
  });

  it("a room created with agents gets their dispatches", async () => {
    const room = uniqueRoom("with-agents");
    const made = await createRoom({ project, name: room, agents: "alpha, beta" });
    expect(made.ok).toBe(true);
    const names = (await ads.listDispatch(room)).map((d) => d.agentName).sort();
    expect(names).toEqual(["alpha", "beta"]);
  });

  it("the demo agent joins when dispatched; deleting the dispatch alone leaves it, with removal it goes", async () => {
    const agentName = agent!.agentName;
    const room = uniqueRoom("agent-joins");
    await lk.createRoom({ name: room });
    const made = await createDispatch({ project, room, agentName, metadata: "" });
    if (!made.ok) throw new Error(made.error.message);
    const joined = await vi.waitFor(
      async () => {
        const [p] = (await lk.listParticipants(room)).filter(
          (x) => x.kind === ParticipantInfo_Kind.AGENT,
        );
        expect(p?.attributes["lk.agent.name"]).toBe(agentName);
        return p!;
      },
      { timeout: 30_000, interval: 250 },
    );
    // The console shows it as an agent with its name and live state; it publishes its tone.
    const seen = await vi.waitFor(
      async () => {
        const p = (await detail(room)).participants.find((x) => x.identity === joined.identity);
        expect(p?.agent?.state).toMatch(/speaking|listening/);
        expect(p?.tracks.length).toBe(1);
        return p!;
      },
      { timeout: 15_000, interval: 250 },
    );
    expect(seen).toMatchObject({ kind: "agent", agent: { name: agentName } });

    const removed = await deleteDispatch({
      project,
      room,
      dispatchId: made.data.id,
      removeAgents: [joined.identity],
    });
    expect(removed).toEqual({ ok: true, data: { status: "deleted", removed: [joined.identity] } });
    await vi.waitFor(
      async () => expect((await lk.listParticipants(room)).map((p) => p.identity)).toEqual([]),
      { timeout: 10_000, interval: 250 },
    );
    const row = (await (await database()).audit.query({ project, limit: 20 })).find(
      (r) => r.action === "agent.dispatch-delete" && r.target.startsWith(room),
    );
    expect(row).toMatchObject({ outcome: "ok", disconnected: 1 });
  });

  it("deleting a dispatch alone does not remove the agent that joined", async () => {
    const agentName = agent!.agentName;
    const room = uniqueRoom("agent-stays");
    await lk.createRoom({ name: room });
    const made = await createDispatch({ project, room, agentName });
    if (!made.ok) throw new Error(made.error.message);
    await vi.waitFor(
      async () =>
        expect(
          (await lk.listParticipants(room)).some((p) => p.kind === ParticipantInfo_Kind.AGENT),
        ).toBe(true),
      { timeout: 30_000, interval: 250 },
    );
    await deleteDispatch({ project, room, dispatchId: made.data.id });
    expect(await named(room)).toEqual([]);
    expect(
      (await lk.listParticipants(room)).some((p) => p.kind === ParticipantInfo_Kind.AGENT),
    ).toBe(true);
    await lk.deleteRoom(room);
  });

  it('needs attention says "dispatched and never joined" for an agent with no worker, not for one that joined', async () => {
    process.env.ATTENTION_AGENT_JOIN_SEC = "2";
    const orphan = uniqueRoom("agent-orphan");
    const served = uniqueRoom("agent-served");
    expect((await createRoom({ project, name: orphan, agents: "no-such-worker" })).ok).toBe(true);
    expect((await createRoom({ project, name: served, agents: agent!.agentName })).ok).toBe(true);
    await vi.waitFor(
      async () =>
        expect(
          (await lk.listParticipants(served)).some((p) => p.kind === ParticipantInfo_Kind.AGENT),
        ).toBe(true),
      { timeout: 30_000, interval: 250 },
    );
    // Once a scan (every 5 s) has read both rooms: the demo agent joined its room (no reason
    // there), nothing came to the other.
    const rooms = await vi.waitFor(
      async () => {
        const { body } = await apiGet<ActionResult<{ rooms: AttentionRoom[] }>>(
          apiUrl(project, "listAttention"),
        );
        if (!body.ok) throw new Error(body.error.message);
        const found = new Map(body.data.rooms.map((r) => [r.name, r]));
        expect(found.get(orphan)?.reasons.map((r) => r.code)).toContain("agent_not_joined");
        expect(found.get(served)?.reasons.map((r) => r.code) ?? []).not.toContain(
          "agent_not_joined",
        );
        return found;
      },
      { timeout: 20_000, interval: 500 },
    );
    const room = rooms.get(orphan)!;
    const reason = room.reasons.find((r) => r.code === "agent_not_joined")!;
    expect(reasonText(reason, room, Date.now())).toMatch(
      /^Agent "no-such-worker" dispatched \d+ s ago and never joined \(limit 2 s\)/,
    );
  });
});
