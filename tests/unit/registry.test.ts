import { describe, expect, it } from "vitest";
import { z } from "zod";
import { buildRegistry } from "@/lib/procedures/build-registry";
import { procedure } from "@/lib/procedures/procedure";
import { procedures } from "@/lib/procedures/registry";

const fake = (name: string) =>
  procedure({ name, permission: "view", input: z.object({}), handler: async () => name });

describe("the procedure registry", () => {
  it("joins modules by export name", () => {
    const r = buildRegistry({ "a.ts": { one: fake("a.one") }, "b.ts": { two: fake("b.two") } });
    expect(Object.keys(r).sort()).toEqual(["one", "two"]);
    expect(r.two.name).toBe("b.two");
  });

  it("refuses one export name in two modules, naming both", () => {
    expect(() =>
      buildRegistry({ "a.ts": { same: fake("a.same") }, "b.ts": { same: fake("b.same") } }),
    ).toThrow(
      'procedure export "same" is declared twice: a.ts (export same) and b.ts (export same)',
    );
  });

  it("refuses one procedure name under two exports, naming both", () => {
    expect(() =>
      buildRegistry({ "a.ts": { one: fake("rooms.list") }, "b.ts": { two: fake("rooms.list") } }),
    ).toThrow('procedure name "rooms.list" is used twice: a.ts (export one) and b.ts (export two)');
  });

  it("refuses a module export that is not a procedure", () => {
    expect(() => buildRegistry({ "a.ts": { helper: () => 1 } })).toThrow(
      "a.ts (export helper) is not a procedure",
    );
  });

  it("refuses a route whose path is not the one routes.ts gives it, and a route nobody serves", () => {
    const routed = { ...fake("a.read"), route: { path: "things/:id" } };
    expect(() => buildRegistry({ "a.ts": { read: routed } }, { read: "thing/:id" })).toThrow(
      'a.ts (export read) serves "things/:id" but routes.ts has "thing/:id"',
    );
    expect(() => buildRegistry({ "a.ts": { read: fake("a.read") } }, { read: "x" })).toThrow(
      'routes.ts lists "read", which serves no route',
    );
  });

  it("the console's own registry loads, with distinct names", () => {
    const names = Object.values(procedures).map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThan(15);
  });

  it("an audited procedure's name is its stored audit action; the stored ones keep theirs", () => {
    // Audit rows are stored and filtered under these: renaming one would split its history.
    const STORED = [
      "room.create",
      "room.delete",
      "room.metadata",
      "room.send-data",
      "participant.remove",
      "participant.mute",
      "participant.update",
      "bulk.delete",
      "bulk.cancel",
      "sip.inbound.create",
      "sip.inbound.update",
      "sip.outbound.create",
      "sip.outbound.update",
      "sip.trunk.delete",
      "sip.rule.create",
      "sip.rule.update",
      "sip.rule.delete",
      "sip.call.place",
      "sip.call.transfer",
      "agent.dispatch",
      "agent.dispatch-delete",
      "egress.start",
      "egress.start-cancel",
      "egress.stop",
      "egress.layout",
      "egress.stream",
      "ingress.create",
      "ingress.update",
      "ingress.reveal",
      "ingress.delete",
      "room.watch.start",
      "room.watch.end",
    ];
    const audited = Object.values(procedures)
      .filter((p) => p.audit)
      .map((p) => p.name);
    expect(STORED.filter((a) => !audited.includes(a))).toEqual([]);
  });
});
