import { describe, expect, it } from "vitest";
import { apiUrl, ROUTES } from "@/lib/procedures/routes";

/** What the server does with a path (lib/procedures/pipeline/http.ts): split, decode each once. */
const segments = (url: string) =>
  new URL(url, "http://console.test").pathname.split("/").slice(3).map(decodeURIComponent);

describe("apiUrl", () => {
  it.each(["sp ace", "a/b", "per%cent", "🎉 party", "q?x=1#h", "%2F", "plain"])(
    "encodes the room %j once: the server reads it back as itself",
    (room) => {
      const url = apiUrl("main", "readRoom", { params: { room } });
      expect(segments(url)).toEqual(["main", "rooms", room]);
      expect(segments(apiUrl("main", "recentlyClosed", { params: { room } }))).toEqual([
        "main",
        "recently-closed",
        room,
      ]);
    },
  );

  it("builds paths without parameters, with a query as a string or as fields", () => {
    expect(apiUrl("main", "listRooms")).toBe("/api/p/main/rooms");
    expect(apiUrl("main", "listRooms", { query: "?q=a%20b" })).toBe("/api/p/main/rooms?q=a%20b");
    expect(apiUrl("main", "listRooms", { query: "" })).toBe("/api/p/main/rooms");
    expect(apiUrl("main", "historyStats", { query: { range: "hour", x: undefined } })).toBe(
      "/api/p/main/history-stats?range=hour",
    );
    expect(apiUrl("main", "listRooms", { query: { q: "🎉 &=" } })).toBe(
      `/api/p/main/rooms?q=${new URLSearchParams({ q: "🎉 &=" }).toString().slice(2)}`,
    );
  });

  it("fills every parameter of every route", () => {
    for (const route of Object.keys(ROUTES) as (keyof typeof ROUTES)[]) {
      const params = Object.fromEntries(
        [...ROUTES[route].matchAll(/:(\w+)/g)].map((m) => [m[1]!, "v/1"]),
      );
      const build = apiUrl as (p: string, r: string, o: { params: object }) => string;
      const url = build("main", route, { params });
      expect(url).not.toContain(":");
      expect(url.startsWith("/api/p/main/")).toBe(true);
    }
  });
});
