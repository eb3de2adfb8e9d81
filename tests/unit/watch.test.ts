import { decodeJwt } from "jose";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ParticipantInfo, Room, type RoomServiceClient } from "livekit-server-sdk";
import { roomDetail } from "@/lib/rooms/participants";
import { contentSecurityPolicy } from "@/lib/http/page-headers";
import { ConfigError } from "@/lib/config-schema";
import { settingsFrom } from "@/lib/settings";
import { watchConnectSources } from "@/lib/watch/connect-sources";
import { isWatcher, isWatchOf, watcherIdentity } from "@/lib/watch/identity";
import { mayWatch, watchPermission } from "@/lib/watch/permission";
import { levelOf } from "@/lib/watch/level";
import { statsLine, trackStats } from "@/lib/watch/stats";
import { WATCH_TOKEN_TTL_SEC, watchToken } from "@/lib/watch/token";

const target = {
  url: "http://127.0.0.1:7880",
  apiKey: "k",
  apiSecret: "s".repeat(32),
  embedded: false,
};

describe("the watch token", () => {
  it("lets one identity into one room hidden, to subscribe and nothing else, for a minute", async () => {
    const claims = decodeJwt(await watchToken(target, "support-1", "console-watch:ada:1a2b3c4d"));
    expect(claims.video).toEqual({
      roomJoin: true,
      room: "support-1",
      hidden: true,
      canSubscribe: true,
      canPublish: false,
      canPublishData: false,
      canUpdateOwnMetadata: false,
    });
    expect(claims.sub).toBe("console-watch:ada:1a2b3c4d");
    expect(claims.iss).toBe("k");
    expect(claims.exp! - claims.nbf!).toBe(WATCH_TOKEN_TTL_SEC);
    expect(WATCH_TOKEN_TTL_SEC).toBeLessThanOrEqual(60);
  });
});

describe("watcher identities", () => {
  it("name the console and the operator, and only their own watches are theirs", () => {
    const id = watcherIdentity("ada");
    expect(id).toMatch(/^console-watch:ada:[0-9a-f]{8}$/);
    expect(isWatcher({ identity: id, permission: WATCH_GRANT })).toBe(true);
    expect(isWatcher({ identity: "ada", permission: WATCH_GRANT })).toBe(false);
    expect(isWatchOf(id, "ada")).toBe(true);
    expect(isWatchOf(id, "ad")).toBe(false);
    expect(isWatchOf("console-watch:adam:1", "ada")).toBe(false);
  });
});

/** A grant as LiveKit reports it for the console's watch token (and only for such). */
const WATCH_GRANT = { hidden: true, canPublish: false, canSubscribe: true };

describe("hiding the console's watchers", () => {
  const grants = {
    publishing: { hidden: false, canPublish: true, canSubscribe: true },
    "hidden but publishing": { hidden: true, canPublish: true, canSubscribe: true },
    "subscribe-only but seen": { hidden: false, canPublish: false, canSubscribe: true },
    "of no stated grant": undefined,
  };

  it("takes a name for a watcher only with a hidden, subscribe-only grant", () => {
    for (const [why, permission] of Object.entries(grants))
      expect(isWatcher({ identity: "console-watch:x", permission }), why).toBe(false);
    expect(isWatcher({ identity: "console-watch:x", permission: WATCH_GRANT })).toBe(true);
  });

  it("leaves a publishing console-watch:x in the room page's people", async () => {
    const info = (identity: string, permission: object) =>
      new ParticipantInfo({ identity, sid: `PA_${identity}`, permission, joinedAt: 1n });
    const rs = {
      listRooms: async () => [new Room({ name: "r", sid: "RM_r" })],
      listParticipants: async () => [
        info("console-watch:x", grants.publishing),
        info("console-watch:ada:1a2b3c4d", WATCH_GRANT),
        info("guest", grants.publishing),
      ],
    } as unknown as RoomServiceClient;
    const detail = await roomDetail(rs, "r");
    expect(detail.exists && detail.participants.map((p) => p.identity)).toEqual([
      "console-watch:x",
      "guest",
    ]);
  });
});

const problems = (env: Record<string, string>) => {
  try {
    settingsFrom(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
  }
  throw new Error("expected a ConfigError");
};

describe("WATCH_ROLE and WATCH_MAX_MIN", () => {
  it("default to admins only, for at most 15 minutes", () => {
    expect(settingsFrom({})).toMatchObject({ watchRole: "admin", watchMaxSec: 900 });
  });
  it("take a role, none, and a whole number of minutes", () => {
    expect(settingsFrom({ WATCH_ROLE: "none", WATCH_MAX_MIN: "2" })).toMatchObject({
      watchRole: "none",
      watchMaxSec: 120,
    });
    expect(settingsFrom({ WATCH_ROLE: "operator" }).watchRole).toBe("operator");
  });
  it("refuse anything else, naming the variable", () => {
    for (const [env, problem] of [
      [{ WATCH_ROLE: "everyone" }, "WATCH_ROLE must be viewer, operator, admin or none"],
      [{ WATCH_MAX_MIN: "0" }, "WATCH_MAX_MIN must be at least 1"],
      [{ WATCH_MAX_MIN: "1.5" }, "WATCH_MAX_MIN must be a whole number of minutes"],
      [{ WATCH_MAX_MIN: "soon" }, "WATCH_MAX_MIN must be a number of minutes"],
    ] as const)
      expect(problems(env), problem).toEqual([problem]);
  });
});

describe("who may watch", () => {
  afterEach(() => vi.unstubAllEnvs());
  it("follows WATCH_ROLE: that role and those above it, or nobody", () => {
    expect(watchPermission()).toBe("administer");
    expect([mayWatch("viewer"), mayWatch("operator"), mayWatch("admin")]).toEqual([
      false,
      false,
      true,
    ]);
    vi.stubEnv("WATCH_ROLE", "operator");
    expect(watchPermission()).toBe("manage");
    expect([mayWatch("viewer"), mayWatch("operator")]).toEqual([false, true]);
    vi.stubEnv("WATCH_ROLE", "viewer");
    expect(mayWatch("viewer")).toBe(true);
    vi.stubEnv("WATCH_ROLE", "none");
    expect(watchPermission()).toBe("nobody");
    expect(mayWatch("admin")).toBe(false);
  });
});

describe("levels and stats", () => {
  it("a silent track is 0, a tone is well above it", () => {
    expect(levelOf(new Float32Array(1024))).toBe(0);
    const tone = Float32Array.from({ length: 1024 }, (_, i) => 0.18 * Math.sin(i / 5));
    expect(levelOf(tone)).toBeGreaterThan(50);
  });
  it("bitrate from two samples, loss as a share of packets expected", () => {
    const before = { timestamp: 1_000, bytesReceived: 10_000, packetsReceived: 90, packetsLost: 0 };
    const now = {
      timestamp: 2_000,
      bytesReceived: 35_000,
      packetsReceived: 198,
      packetsLost: 2,
      jitter: 0.004,
      frameWidth: 320,
      frameHeight: 180,
      framesPerSecond: 10,
    };
    const s = trackStats(now, before);
    expect(s).toEqual({ width: 320, height: 180, fps: 10, kbps: 200, lossPct: 1, jitterMs: 4 });
    expect(statsLine(s)).toBe("320×180 · 10 fps · 200 kbps · loss 1% · jitter 4 ms");
  });
});

describe("a project's pages may connect to its LiveKit, and only there", () => {
  afterEach(() => vi.unstubAllEnvs());
  const file = path.join(mkdtempSync(path.join(tmpdir(), "watch-")), "operators.json");
  writeFileSync(
    file,
    JSON.stringify({
      projects: [
        { name: "main", url: "wss://main.example.com", apiKey: "k", apiSecretEnv: "S" },
        { name: "b c", url: "http://127.0.0.1:7995", apiKey: "k", apiSecretEnv: "S" },
      ],
    }),
  );

  it("names the project's server in both schemes on its pages (a room is reached without a load)", () => {
    vi.stubEnv("LIVEKIT_ADMIN_CONFIG", file);
    expect(watchConnectSources("/p/main/rooms/r1")).toEqual([
      "wss://main.example.com",
      "https://main.example.com",
    ]);
    expect(watchConnectSources("/p/b%20c/rooms/r%2F1")).toEqual([
      "ws://127.0.0.1:7995",
      "http://127.0.0.1:7995",
    ]);
    expect(contentSecurityPolicy("n", false, watchConnectSources("/p/main/rooms/r1"))).toContain(
      "connect-src 'self' wss://main.example.com https://main.example.com;",
    );
    for (const page of ["/p/main", "/p/main/rooms", "/p/main/history/s1"])
      expect(watchConnectSources(page), page).toEqual([
        "wss://main.example.com",
        "https://main.example.com",
      ]);
  });

  it("adds nothing outside a project, for unknown projects, or with WATCH_ROLE=none", () => {
    vi.stubEnv("LIVEKIT_ADMIN_CONFIG", file);
    for (const page of ["/", "/rooms", "/sign-in", "/p", "/pmain/rooms"])
      expect(watchConnectSources(page), page).toEqual([]);
    expect(watchConnectSources("/p/other/rooms/r1")).toEqual([]);
    vi.stubEnv("WATCH_ROLE", "none");
    expect(watchConnectSources("/p/main/rooms/r1")).toEqual([]);
    expect(watchConnectSources("/p/main/rooms")).toEqual([]);
  });

  it("uses LIVEKIT_URL (or the local dev server) for the env-only project", () => {
    vi.stubEnv("LIVEKIT_ADMIN_CONFIG", "");
    vi.stubEnv("LIVEKIT_URL", "ws://127.0.0.1:7985");
    expect(watchConnectSources("/p/default/rooms/r")).toEqual([
      "ws://127.0.0.1:7985",
      "http://127.0.0.1:7985",
    ]);
  });
});
