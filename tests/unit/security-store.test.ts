import { PGlite } from "@electric-sql/pglite";
import { beforeEach, describe, expect, it } from "vitest";
import { AuditStore, migrate, type Sql } from "@/lib/audit/store";
import { SecurityStore } from "@/lib/auth/security-store";
import { ADDRESS_RULE, Throttle, USER_RULE, type ThrottleKey } from "@/lib/auth/throttle";

// The real schema and SQL, on an in-memory PGlite: what every bundle and instance would share.
let db: PGlite;
let now = 1_800_000_000_000;
const clock = () => now;
beforeEach(async () => {
  db = new PGlite();
  await migrate(db);
  now = 1_800_000_000_000;
});
const sql = () => db as unknown as Sql;
const user: ThrottleKey = { key: "user:x", rule: USER_RULE, exclusive: true };

describe("throttle", () => {
  it("slows, then locks for the lock period, and lets go afterwards", async () => {
    const t = new Throttle(sql(), clock);
    const attempt = async () => {
      const v = await t.reserve([user]);
      if (v.allowed) await t.fail([user]);
      return v;
    };
    const seen = [];
    for (let i = 0; i < 6; i++) seen.push(await attempt());
    expect(seen).toEqual([
      { allowed: true, delayMs: 0 },
      { allowed: true, delayMs: 0 },
      { allowed: true, delayMs: 0 },
      { allowed: true, delayMs: 250 },
      { allowed: true, delayMs: 500 },
      { allowed: false, retryAfterSec: 900, reason: "locked" },
    ]);
    now += 899_000;
    expect(await t.reserve([user])).toEqual({ allowed: false, retryAfterSec: 1, reason: "locked" });
    now += 1_000;
    expect(await t.reserve([user])).toEqual({ allowed: true, delayMs: 0 });
  });

  it("counts a burst before checking: 100 parallel attempts, at most one checked per user", async () => {
    const t = new Throttle(sql(), clock);
    const verdicts = await Promise.all(Array.from({ length: 100 }, () => t.reserve([user])));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(1);
    expect(verdicts.filter((v) => !v.allowed && v.reason === "busy")).toHaveLength(99);
  });

  it("caps parallel attempts from one address at the lock limit", async () => {
    const t = new Throttle(sql(), clock);
    const addr: ThrottleKey = { key: "addr:1.2.3.4", rule: ADDRESS_RULE };
    const verdicts = await Promise.all(Array.from({ length: 60 }, () => t.reserve([addr])));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(ADDRESS_RULE.lockAfter);
  });

  it("never evicts a live lock, however many other names fail", async () => {
    const t = new Throttle(sql(), clock);
    for (let i = 0; i < 5; i++) {
      await t.reserve([user]);
      await t.fail([user]);
    }
    for (let i = 0; i < 300; i++) {
      const k: ThrottleKey = { key: `user:spray-${i}`, rule: USER_RULE, exclusive: true };
      await t.reserve([k]);
      await t.fail([k]);
      now += 1_000;
    }
    expect(await t.reserve([user])).toMatchObject({ allowed: false, reason: "locked" });
  });
});

describe("security store", () => {
  it("refuses a revoked token and tokens issued before their operator was removed", async () => {
    const s = new SecurityStore(sql(), new AuditStore(sql()), clock);
    await s.syncOperators(["ada", "bob"]);
    expect(await s.sessionStands("t1", "ada", now - 5_000)).toBe(true);
    await s.revoke("t1", now / 1000 + 3600);
    expect(await s.sessionStands("t1", "ada", now - 5_000)).toBe(false);

    const oldToken = now - 5_000;
    now += 1_000;
    await s.syncOperators(["ada"]); // bob removed
    now += 1_000;
    await s.syncOperators(["ada", "bob"]); // and added back
    expect(await s.sessionStands("t2", "bob", oldToken)).toBe(false);
    expect(await s.sessionStands("t3", "bob", now)).toBe(true);
    expect(await s.sessionStands("t4", "ada", oldToken)).toBe(true);
  });

  it("folds a spray of failed sign-ins into one row per address and user", async () => {
    const audit = new AuditStore(sql());
    const s = new SecurityStore(sql(), audit, clock);
    for (let i = 0; i < 500; i++)
      await s.recordSignInFailure({ address: "10.0.0.9", username: `made-up-${i}`, known: false });
    await s.recordSignInFailure({ address: "10.0.0.9", username: "ada", known: true });
    const rows = await audit.query({});
    expect(rows.map((r) => [r.actor, r.target, r.repeats])).toEqual([
      ["ada", "10.0.0.9", 1],
      ["unknown user", "10.0.0.9", 500],
    ]);
  });

  it("caps distinct failure rows per window, then counts the rest in one", async () => {
    const audit = new AuditStore(sql());
    const s = new SecurityStore(sql(), audit, clock);
    for (let i = 0; i < 260; i++)
      await s.recordSignInFailure({
        address: `10.1.${i >> 8}.${i & 255}`,
        username: "x",
        known: false,
      });
    expect(await audit.count()).toBe(201);
    const [overflow] = await audit.query({ target: "many addresses" });
    expect(overflow?.repeats).toBe(60);
  });
});
