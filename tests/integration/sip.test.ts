import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { dispose } from "@livekit/rtc-node";
import { RoomServiceClient, SipClient } from "livekit-server-sdk";
import {
  createDispatchRule,
  createInboundTrunk,
  createOutboundTrunk,
  deleteDispatchRule,
  deleteTrunk,
  placeCall,
  updateDispatchRule,
  updateInboundTrunk,
  updateOutboundTrunk,
} from "@/app/p/[project]/telephony/actions";
import { database } from "@/lib/db";
import { signSession } from "@/lib/auth/token";
import { sessionAudience } from "@/lib/auth/session";
import { apiUrl } from "@/lib/procedures/routes";
import type { ActionResult } from "@/lib/procedures/result";
import type { SipLists } from "@/lib/sip/view";
import { writeAccessFile } from "../support/access-fixture";
import { apiGet } from "../support/api";
import { startLiveKit, type LiveKitServer } from "../support/livekit";
import { PORTS, REDIS_DBS } from "../support/ports";
import { setSessionToken } from "../support/session-cookie";
import { joinParticipant } from "../support/participant";
import { uniqueRoom } from "../support/sdk";
import { roomHref } from "@/lib/http/room-path";
import type { RoomDetail } from "@/lib/rooms/participants";
import { SESSION_SECRET } from "./env";

// LiveKit keeps trunks and rules in Redis: this suite's server has db 14 of the machine's Redis.
const REDIS_DB = REDIS_DBS.sip;
const PASSWORD = "trunk-pass-Zq81";
const NEW_PASSWORD = "trunk-pass-Rr42";
const PIN = "482913";

let withRedis: LiveKitServer;
let sdk: SipClient;
const saved = { ...process.env };
const key = new TextEncoder().encode(SESSION_SECRET);
const as = async (username: string) =>
  setSessionToken(await signSession(username, key, { audience: await sessionAudience() }));

beforeAll(async () => {
  const r = new Redis({ db: REDIS_DB, lazyConnect: true });
  await r.connect();
  await r.flushdb();
  r.disconnect();
  withRedis = await startLiveKit({ port: PORTS.integrationSip, redisDb: REDIS_DB });
  sdk = new SipClient(withRedis.url, "devkey", "secret");
  // "main" has LiveKit with Redis; "second" is the suite's LiveKit without it.
  process.env.LIVEKIT_ADMIN_CONFIG = await writeAccessFile(
    { main: withRedis.wsUrl, second: `ws://127.0.0.1:${PORTS.integration}` },
    "devkey",
  );
  process.env.MAIN_LIVEKIT_SECRET = "secret";
  process.env.SECOND_LIVEKIT_SECRET = "secret";
});

afterAll(async () => {
  process.env = saved;
  await dispose();
  await withRedis?.stop();
});

const inbound = (over: Record<string, unknown> = {}) => ({
  project: "main",
  name: "Support line",
  numbers: ["+15550100001"],
  allowedAddresses: ["203.0.113.0/24", "sip.carrier.example"],
  allowedNumbers: [],
  authUsername: "carrier",
  authPassword: PASSWORD,
  metadata: '{"team":"support"}',
  ...over,
});

const list = async () => (await apiGet<ActionResult<SipLists>>(apiUrl("main", "listSip"))).body;

describe("inbound trunks through the procedures, checked with the SDK", () => {
  it("create, edit without a password (kept), edit with one, delete", async () => {
    await as("ada");
    const created = await createInboundTrunk(inbound());
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const id = created.data.id;
    expect(created.data).toMatchObject({ passwordSet: true, authUsername: "carrier" });
    const [stored] = await sdk.listSipInboundTrunk({ trunkIds: [id] });
    expect(stored).toMatchObject({
      name: "Support line",
      numbers: ["+15550100001"],
      allowedAddresses: ["203.0.113.0/24", "sip.carrier.example"],
      authPassword: PASSWORD,
      metadata: '{"team":"support"}',
    });

    const kept = await updateInboundTrunk({
      ...inbound({ name: "Support", numbers: ["+15550100001", "+15550100002"] }),
      authPassword: "",
      id,
    });
    expect(kept).toMatchObject({ ok: true, data: { name: "Support", passwordSet: true } });
    const [afterKeep] = await sdk.listSipInboundTrunk({ trunkIds: [id] });
    expect(afterKeep).toMatchObject({
      name: "Support",
      numbers: ["+15550100001", "+15550100002"],
      authPassword: PASSWORD,
    });

    await updateInboundTrunk({ ...inbound(), authPassword: NEW_PASSWORD, id });
    expect((await sdk.listSipInboundTrunk({ trunkIds: [id] }))[0]?.authPassword).toBe(NEW_PASSWORD);

    const read = await list();
    expect(read.ok && read.data.inbound.find((t) => t.id === id)).toMatchObject({
      passwordSet: true,
      name: "Support line",
    });
    expect(JSON.stringify(read)).not.toMatch(/trunk-pass/);

    expect(await deleteTrunk({ project: "main", id })).toEqual({
      ok: true,
      data: { id, alreadyGone: false },
    });
    expect(await sdk.listSipInboundTrunk({ trunkIds: [id] })).toEqual([]);
  });

  it("refuses a number another trunk claims, on the numbers field, naming that trunk", async () => {
    await as("ada");
    const first = await createInboundTrunk(inbound({ numbers: ["+15550100077"] }));
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const second = await createInboundTrunk(
      inbound({ name: "Copy", numbers: ["+15550100077"], authPassword: "" }),
    );
    expect(second).toMatchObject({ ok: false, error: { code: "conflict" } });
    if (second.ok) return;
    expect(second.error.fieldErrors?.numbers?.[0]).toContain("+15550100077");
    expect(second.error.fieldErrors?.numbers?.[0]).toContain(first.data.id);
    expect((await sdk.listSipInboundTrunk()).filter((t) => t.name === "Copy")).toEqual([]);
    await deleteTrunk({ project: "main", id: first.data.id });
  });

  it("names the field and the rule of a malformed number or address", async () => {
    await as("ada");
    const bad = await createInboundTrunk(
      inbound({ numbers: ["5550100"], allowedAddresses: ["10.0.0.0/33"] }),
    );
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.fieldErrors?.["numbers.0"]?.[0]).toMatch(/"5550100" is not an E\.164 number/);
    expect(bad.error.fieldErrors?.["allowedAddresses.0"]?.[0]).toMatch(/CIDR/);
  });
});

describe("outbound trunks and dispatch rules", () => {
  it("outbound: create, edit address and transport keeping the password, delete", async () => {
    await as("ada");
    const created = await createOutboundTrunk({
      project: "main",
      name: "Carrier out",
      address: "sip.carrier.example:5060",
      transport: "tcp",
      numbers: ["+15550200001"],
      authUsername: "out",
      authPassword: PASSWORD,
      metadata: "",
    });
    expect(created).toMatchObject({ ok: true, data: { transport: "tcp", passwordSet: true } });
    if (!created.ok) return;
    const id = created.data.id;
    const edited = await updateOutboundTrunk({
      project: "main",
      id,
      name: "Carrier out",
      address: "198.51.100.7",
      transport: "tls",
      numbers: ["+15550200001"],
      authUsername: "out",
      metadata: "",
    });
    expect(edited).toMatchObject({ ok: true, data: { address: "198.51.100.7", transport: "tls" } });
    const [stored] = await sdk.listSipOutboundTrunk({ trunkIds: [id] });
    expect(stored).toMatchObject({ address: "198.51.100.7", transport: 3, authPassword: PASSWORD });
    expect(JSON.stringify(edited)).not.toContain(PASSWORD);
    await deleteTrunk({ project: "main", id });
    expect(await sdk.listSipOutboundTrunk({ trunkIds: [id] })).toEqual([]);
  });

  it("rule: create with trunk, PIN, attributes and an agent; edit keeps the PIN; delete", async () => {
    await as("ada");
    const trunk = await createInboundTrunk(inbound({ numbers: ["+15550300001"] }));
    if (!trunk.ok) throw new Error(trunk.error.message);
    const form = {
      project: "main",
      name: "To the agent",
      kind: "individual" as const,
      roomName: "",
      roomPrefix: "call-",
      pin: PIN,
      trunkIds: [trunk.data.id],
      hidePhoneNumber: true,
      attributes: { queue: "support" },
      agents: [{ agentName: "receptionist", metadata: "" }],
      metadata: "",
    };
    const created = await createDispatchRule(form);
    expect(created).toMatchObject({
      ok: true,
      data: { kind: "individual", roomPrefix: "call-", pinSet: true, hidePhoneNumber: true },
    });
    if (!created.ok) return;
    const id = created.data.id;
    expect(JSON.stringify(created)).not.toContain(PIN);
    const [stored] = await sdk.listSipDispatchRule({ dispatchRuleIds: [id] });
    expect(stored?.rule?.rule).toMatchObject({
      case: "dispatchRuleIndividual",
      value: { roomPrefix: "call-", pin: PIN },
    });
    expect(stored?.trunkIds).toEqual([trunk.data.id]);
    expect(stored?.roomConfig?.agents.map((a) => a.agentName)).toEqual(["receptionist"]);

    const edited = await updateDispatchRule({
      ...form,
      id,
      kind: "direct",
      roomName: "front-desk",
      pin: "",
    });
    expect(edited).toMatchObject({ ok: true, data: { kind: "direct", roomName: "front-desk" } });
    const [after] = await sdk.listSipDispatchRule({ dispatchRuleIds: [id] });
    expect(after?.rule?.rule).toMatchObject({
      case: "dispatchRuleDirect",
      value: { roomName: "front-desk", pin: PIN },
    });

    // A second rule for the same trunk and PIN: LiveKit's refusal lands on the trunks field.
    const clash = await createDispatchRule({ ...form, name: "Clash" });
    expect(clash).toMatchObject({ ok: false, error: { code: "conflict" } });
    if (!clash.ok) expect(clash.error.fieldErrors?.trunkIds?.[0]).toContain(id);

    expect(await deleteDispatchRule({ project: "main", id })).toEqual({
      ok: true,
      data: { id, alreadyGone: false },
    });
    // Deleted meanwhile by someone else: what was asked for holds.
    expect(await deleteDispatchRule({ project: "main", id })).toMatchObject({ ok: true });
    expect(await sdk.listSipDispatchRule({ dispatchRuleIds: [id] })).toEqual([]);
    await deleteTrunk({ project: "main", id: trunk.data.id });
  });

  it("an edit keeps what the form does not show (a callee rule's randomize, set with the CLI)", async () => {
    await as("ada");
    const made = await sdk.createSipDispatchRule(
      { type: "callee", roomPrefix: "desk-", randomize: true },
      { name: "Made with lk" },
    );
    const edited = await updateDispatchRule({
      project: "main",
      id: made.sipDispatchRuleId,
      name: "Renamed in the console",
      kind: "callee",
      roomName: "",
      roomPrefix: "desk-",
      pin: "",
      trunkIds: [],
      hidePhoneNumber: false,
      attributes: {},
      agents: [],
      metadata: "",
    });
    expect(edited).toMatchObject({ ok: true, data: { name: "Renamed in the console" } });
    const [after] = await sdk.listSipDispatchRule({ dispatchRuleIds: [made.sipDispatchRuleId] });
    expect(after?.rule?.rule).toMatchObject({
      case: "dispatchRuleCallee",
      value: { roomPrefix: "desk-", randomize: true },
    });
    await sdk.deleteSipDispatchRule(made.sipDispatchRuleId);
  });
});

describe("roles and the audit trail", () => {
  it("a viewer reads but cannot create; an operator cannot edit trunks", async () => {
    await as("vera");
    expect((await list()).ok).toBe(true);
    expect(await createInboundTrunk(inbound({ numbers: ["+15550400001"] }))).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    await as("oscar");
    expect(await createInboundTrunk(inbound({ numbers: ["+15550400001"] }))).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    expect((await sdk.listSipInboundTrunk({ numbers: ["+15550400001"] })).length).toBe(0);
  });

  it("no audit row holds a password or a PIN, refusals included", async () => {
    const { audit: store } = await database();
    const rows = (await store.query({ project: "main", limit: 500 })).filter((r) =>
      r.action.startsWith("sip."),
    );
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(["sip.inbound.create", "sip.inbound.update", "sip.rule.update"]),
    );
    expect(rows.some((r) => r.outcome === "refused")).toBe(true);
    const text = JSON.stringify(rows);
    for (const secret of [PASSWORD, NEW_PASSWORD, PIN]) expect(text).not.toContain(secret);
    const created = rows.find((r) => r.action === "sip.inbound.create" && r.outcome === "ok");
    expect(created?.params).toMatchObject({
      credentialTyped: true,
    });
  });
});

describe("plain answers when a service is missing", () => {
  it("with Redis but no SIP service, a call says so within a few seconds", async () => {
    await as("ada");
    const out = await createOutboundTrunk({
      project: "main",
      name: "Dial out",
      address: "sip.carrier.example",
      transport: "auto",
      numbers: ["+15550500001"],
      authUsername: "",
      metadata: "",
    });
    if (!out.ok) throw new Error(out.error.message);
    await as("oscar");
    const started = performance.now();
    const call = await placeCall({
      project: "main",
      trunkId: out.data.id,
      number: "+15550500002",
      room: "dial-test",
      identity: "caller-1",
      waitUntilAnswered: false,
      ringingTimeoutSec: 30,
      maxDurationSec: 600,
      dtmf: "",
      playDialtone: false,
    });
    const tookMs = performance.now() - started;
    expect(call).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/^No SIP service answered/) },
    });
    expect(tookMs).toBeLessThan(3_000);
    console.log(`no-SIP-service answer in ${Math.round(tookMs)} ms`);
    // Trunks and rules still work there.
    expect((await list()).ok).toBe(true);
  });

  it("without Redis, reads and changes say that SIP needs redis: in LiveKit's configuration", async () => {
    await as("ada");
    const started = performance.now();
    const read = await apiGet<ActionResult<SipLists>>(apiUrl("second", "listSip"));
    const created = await createInboundTrunk({ ...inbound(), project: "second" });
    const tookMs = performance.now() - started;
    expect(read.body).toMatchObject({ ok: false, error: { code: "config" } });
    expect(created).toMatchObject({ ok: false, error: { code: "config" } });
    if (!read.body.ok) expect(read.body.error.message).toMatch(/needs? one\. Add a redis: section/);
    expect(tookMs).toBeLessThan(1_500);
    console.log(`no-Redis answers (a read and a change) in ${Math.round(tookMs)} ms`);
  });
});

describe("a phone participant on the room page", () => {
  it("shows call status, number, trunk and rule; the number partly masked for viewers", async () => {
    const room = uniqueRoom("phone");
    const rs = new RoomServiceClient(withRedis.url, "devkey", "secret");
    await rs.createRoom({ name: room });
    const caller = await joinParticipant(withRedis.wsUrl, room, "sip_+15550600001", {
      kind: "sip",
    });
    try {
      await rs.updateParticipant(room, "sip_+15550600001", {
        attributes: {
          "sip.callStatus": "active",
          "sip.phoneNumber": "+15550600001",
          "sip.trunkID": "ST_abc",
          "sip.ruleID": "SDR_def",
        },
      });
      const detail = async () => {
        const r = (await apiGet<ActionResult<RoomDetail>>(`/api${roomHref("main", room)}`)).body;
        return r.ok && r.data.exists ? r.data.participants[0]?.sip : undefined;
      };
      await as("oscar");
      await expect.poll(detail, { timeout: 10_000 }).toEqual({
        callStatus: "active",
        phoneNumber: "+15550600001",
        trunkId: "ST_abc",
        ruleId: "SDR_def",
      });
      await as("vera");
      const masked = await detail();
      expect(masked).toMatchObject({ callStatus: "active", trunkId: "ST_abc" });
      expect(masked?.phoneNumber).toMatch(/^\+1555•+0001$/);
      // The identity LiveKit gives a caller holds the number too: masked as well.
      const seen = (await apiGet<ActionResult<RoomDetail>>(`/api${roomHref("main", room)}`)).body;
      const identities =
        seen.ok && seen.data.exists ? seen.data.participants.map((p) => p.identity) : [];
      expect(identities).toEqual(["sip_+1555•••0001"]);
      expect(JSON.stringify(seen)).not.toContain("+15550600001");
    } finally {
      await caller.leave();
    }
  });
});
