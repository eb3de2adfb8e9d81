import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AuditStore } from "@/lib/db/audit-store";
import { migrate } from "@/lib/db/migrate";
import type { Sql } from "@/lib/db/sql";
import { SecurityStore } from "@/lib/auth/security-store";
import { ADDRESS_RULE, signInKeys, Throttle } from "@/lib/auth/throttle";

// The real schema and SQL, on an in-memory PGlite: what every bundle and instance would share.
// One database for the file, emptied before each test: creating and migrating one per test
// took about 5 s each on a busy machine, past the hook timeout. Even once it can take longer
// than that (WASM compiled, a cluster made) while other suites run: it gets two minutes.
let db: PGlite;
let now = 1_800_000_000_000;
const clock = () => now;
beforeAll(async () => {
  db = new PGlite();
  await migrate(db);
}, 120_000);
afterAll(() => db.close());
beforeEach(async () => {
  // Every table but the migrations' own record and the deployment's one row, as just migrated.
  const { rows } = await db.query<{ name: string }>(
    `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public'
       AND tablename NOT IN ('schema_migrations', 'deployment')`,
  );
  await db.exec(`TRUNCATE ${rows.map((r) => r.name).join(", ")} RESTART IDENTITY`);
  now = 1_800_000_000_000;
});
const sql = () => db as unknown as Sql;
const MINUTE = 60_000;
// Hundreds of statements on WASM Postgres: up to 1.5 s beside other suites, 14 s with a CPU hog
// as well. The limit is only there to catch a hang.
const SLOW = { timeout: 60_000 };

describe("throttle", SLOW, () => {
  const guesser = signInKeys("alice", "198.51.100.7");
  const owner = signInKeys("alice", "192.0.2.1");
  const all = (k: typeof guesser) => [k.pair, k.address, k.user];
  /** A sign-in with a wrong password through the route's keys, as the route does it. */
  const wrong = async (t: Throttle, k: typeof guesser) => {
    const v = await t.reserve(all(k));
    if (v.allowed) await t.fail(all(k));
    return v;
  };

  it("locks a user at one address after 5 failures, for 15 minutes, and only there", async () => {
    const t = new Throttle(sql(), clock);
    const seen = [];
    for (let i = 0; i < 6; i++) seen.push(await wrong(t, guesser));
    expect(seen).toEqual([
      { allowed: true, delayMs: 0 },
      { allowed: true, delayMs: 0 },
      { allowed: true, delayMs: 0 },
      { allowed: true, delayMs: 250 },
      { allowed: true, delayMs: 500 },
      { allowed: false, retryAfterSec: 900, reason: "locked", key: guesser.pair.key },
    ]);
    // The owner at her address is only slowed: the user's 5 failures from anywhere.
    expect(await t.reserve(all(owner))).toEqual({ allowed: true, delayMs: 250 });
    await t.succeed(all(owner));
    now += 15 * MINUTE - 1_000;
    expect(await t.reserve(all(guesser))).toMatchObject({ allowed: false, retryAfterSec: 1 });
    now += 1_000;
    expect(await t.reserve(all(guesser))).toEqual({ allowed: true, delayMs: 0 });
  });

  it("never locks a user and never refuses one as busy: failures from anywhere only slow it", async () => {
    const t = new Throttle(sql(), clock);
    const delays = [];
    for (let i = 0; i < 12; i++) {
      const v = await wrong(t, signInKeys("alice", `198.51.100.${i}`));
      delays.push(v.allowed ? v.delayMs : v.reason);
    }
    expect(delays).toEqual([0, 0, 0, 0, 0, 250, 500, 1000, 2000, 4000, 4000, 4000]);
    // 100 at once from 100 addresses: all go on (slowed), none waits for another.
    const burst = await Promise.all(
      Array.from({ length: 100 }, (_, i) => t.reserve(all(signInKeys("alice", `10.0.0.${i}`)))),
    );
    expect(burst.every((v) => v.allowed && v.delayMs === 4000)).toBe(true);
    // A quiet window starts the count afresh.
    now += 15 * MINUTE;
    expect(await t.reserve(all(owner))).toEqual({ allowed: true, delayMs: 0 });
  });

  it("counts a burst from one address before checking: 100 parallel attempts, one checked", async () => {
    const t = new Throttle(sql(), clock);
    const verdicts = await Promise.all(Array.from({ length: 100 }, () => t.reserve(all(guesser))));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(1);
    const busy = verdicts.filter((v) => !v.allowed && v.reason === "busy");
    expect(busy).toHaveLength(99);
    expect(busy.every((v) => !v.allowed && v.key === guesser.pair.key)).toBe(true);
  });

  it("locks an address that guesses many usernames, for every username", async () => {
    const t = new Throttle(sql(), clock);
    for (let i = 0; i < 20; i++)
      expect(await wrong(t, signInKeys(`name-${i}`, "198.51.100.7"))).toMatchObject({
        allowed: true,
      });
    expect(await t.reserve(all(guesser))).toEqual({
      allowed: false,
      retryAfterSec: 900,
      reason: "locked",
      key: guesser.address.key,
    });
    // The refusal gave back the pair's attempt: the same names from elsewhere are not touched.
    expect(await t.reserve(all(owner))).toEqual({ allowed: true, delayMs: 0 });
  });

  it("caps parallel attempts from one address at the lock limit", async () => {
    const t = new Throttle(sql(), clock);
    const verdicts = await Promise.all(
      Array.from({ length: 60 }, (_, i) => t.reserve(all(signInKeys(`n-${i}`, "1.2.3.4")))),
    );
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(ADDRESS_RULE.lock!.after);
  });

  it("a right password clears the pair's failures, not the user's or the address's", async () => {
    const t = new Throttle(sql(), clock);
    for (let i = 0; i < 4; i++) await wrong(t, owner);
    await t.reserve(all(owner));
    await t.succeed(all(owner));
    // Four more typos at her address do not lock her: the count started again at the success.
    for (let i = 0; i < 4; i++) expect(await wrong(t, owner)).toMatchObject({ allowed: true });
    // The user's 8 failures stand: the next attempt from anywhere waits 250 ms·2^(8-5).
    expect(await t.reserve(all(guesser))).toEqual({ allowed: true, delayMs: 2000 });
    // So do the address's 8: 12 more, for any names, lock it.
    for (let i = 0; i < 12; i++) await wrong(t, signInKeys(`other-${i}`, "192.0.2.1"));
    expect(await t.reserve(all(owner))).toMatchObject({ reason: "locked", key: owner.address.key });
  });

  it("the upgrade lifts user locks set under the old policy, not the others", async () => {
    const locked = new Date(now + 10 * MINUTE).toISOString();
    for (const key of ["user:alice", guesser.pair.key])
      await db.query(
        "INSERT INTO auth_throttle (key, attempts, first_at, locked_until, inflight_until) VALUES ($1, 5, $2, $3, $3)",
        [key, new Date(now).toISOString(), locked],
      );
    await db.query("DELETE FROM schema_migrations WHERE version = 8");
    await migrate(db);
    const t = new Throttle(sql(), clock);
    expect(await t.reserve(all(owner))).toMatchObject({ allowed: true });
    expect(await t.reserve(all(guesser))).toMatchObject({
      reason: "locked",
      key: guesser.pair.key,
    });
  });

  it("never evicts a live lock, however many other names fail", async () => {
    const t = new Throttle(sql(), clock);
    for (let i = 0; i < 5; i++) await wrong(t, guesser);
    for (let i = 0; i < 300; i++) {
      await wrong(t, signInKeys(`spray-${i}`, `10.1.${i >> 8}.${i & 255}`));
      now += 1_000;
    }
    expect(await t.reserve(all(guesser))).toMatchObject({ allowed: false, reason: "locked" });
  });
});

describe("security store", SLOW, () => {
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
