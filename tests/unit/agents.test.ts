import { describe, expect, it } from "vitest";
import { agentReasons } from "@/lib/agents/attention";
import { roomAgentsSchema } from "@/lib/agents/name-schema";
import { createDispatchSchema } from "@/lib/agents/schema";
import { agentOf, epochToMs, type DispatchView } from "@/lib/agents/view";
import { fieldErrorsOf } from "@/lib/procedures/field-errors";
import type { ParticipantView } from "@/lib/rooms/participant-view";

describe("agent dispatch schemas", () => {
  it("the create-room form's agents: split, each checked, errors on the field itself", () => {
    expect(roomAgentsSchema.parse("a, b.c  d")).toEqual(["a", "b.c", "d"]);
    expect(roomAgentsSchema.parse("")).toEqual([]);
    const bad = roomAgentsSchema.safeParse("ok, name!, ok");
    expect(bad.success).toBe(false);
    if (!bad.success)
      expect(fieldErrorsOf(bad.error)._form).toEqual([
        '"name!": Agent name may use letters, digits and . _ : - only',
        "Name each agent once",
      ]);
  });

  it("dispatch metadata is empty or JSON", () => {
    const base = { room: "r", agentName: "a" };
    expect(createDispatchSchema.parse(base).metadata).toBe("");
    expect(createDispatchSchema.safeParse({ ...base, metadata: '{"a":1}' }).success).toBe(true);
    const bad = createDispatchSchema.safeParse({ ...base, metadata: "{oops" });
    expect(bad.success ? [] : fieldErrorsOf(bad.error).metadata?.[0]).toMatch(/must be JSON/);
  });
});

describe("agent views", () => {
  it("created_at in ns, µs, ms or s comes out in ms", () => {
    const ms = 1_796_618_070_286;
    expect(epochToMs(BigInt(ms) * BigInt(1_000_000))).toBe(ms);
    expect(epochToMs(BigInt(ms) * BigInt(1_000))).toBe(ms);
    expect(epochToMs(BigInt(ms))).toBe(ms);
    expect(epochToMs(BigInt(1_796_618_070))).toBe(1_796_618_070_000);
    expect(epochToMs(BigInt(0))).toBe(0);
  });

  it("an agent's name and state from its attributes", () => {
    expect(agentOf("standard", {})).toBeUndefined();
    expect(agentOf("agent", { "lk.agent.name": "x", "lk.agent.state": "thinking" })).toEqual({
      name: "x",
      state: "thinking",
    });
    expect(agentOf("agent", { "lk.agent.state": "dancing" })).toEqual({
      name: "",
      state: "unknown",
    });
  });
});

describe('"dispatched and never joined"', () => {
  const now = 1_000_000;
  const d = (agentName: string, ageSec: number): DispatchView => ({
    id: `AD_${agentName}`,
    agentName,
    metadata: "",
    createdAtMs: now - ageSec * 1000,
  });
  const agent = (name: string) => ({ agent: { name, state: "listening" } }) as ParticipantView;

  it("only named dispatches past the limit whose agent is not here and was never seen", () => {
    const ds = [d("late", 40), d("young", 10), d("", 100), d("here", 40), d("left", 40)];
    const reasons = agentReasons(ds, [agent("here")], new Set(["left"]), 30, now);
    expect(reasons).toEqual([
      { code: "agent_not_joined", agent: "late", dispatchedAtMs: now - 40_000, limitSec: 30 },
    ]);
  });

  it("claims nothing without a current participant list", () => {
    expect(agentReasons([d("late", 40)], undefined, undefined, 30, now)).toEqual([]);
  });
});
