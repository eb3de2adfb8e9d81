import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, setPageHeaders } from "../../scripts/lib/page-headers.mjs";

/** A request as Node gives it and a response that keeps what is set on it. */
function exchange(url: string, headers: Record<string, string> = {}) {
  const req = { url, headers: { ...headers } } as unknown as IncomingMessage;
  const set = new Map<string, string>();
  const res = {
    setHeader: (k: string, v: string) => set.set(k.toLowerCase(), v),
  } as unknown as ServerResponse;
  return { req, res, set };
}

describe("a page's own headers, set before Next sees the request", () => {
  it("a fresh nonce per page, the same in the request's policy, the answer's and x-nonce", () => {
    const a = exchange("/p/main/rooms");
    const b = exchange("/p/main/rooms");
    setPageHeaders(a.req, a.res, false);
    setPageHeaders(b.req, b.res, false);
    const nonce = a.req.headers["x-nonce"] as string;
    expect(nonce).toMatch(/^[A-Za-z0-9+/=]{32,}$/);
    expect(b.req.headers["x-nonce"]).not.toBe(nonce);
    expect(a.req.headers["content-security-policy"]).toBe(contentSecurityPolicy(nonce));
    expect(a.set.get("content-security-policy")).toBe(contentSecurityPolicy(nonce));
    expect(a.set.get("content-security-policy")).toContain(`'nonce-${nonce}' 'strict-dynamic'`);
    expect(a.set.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(a.set.has("strict-transport-security")).toBe(false);
  });

  it("replaces whatever the client sent in those headers", () => {
    const { req, res } = exchange("/p/main/audit", {
      "x-nonce": "chosen",
      "content-security-policy": "script-src *",
      "x-lka-path": "/elsewhere",
    });
    setPageHeaders(req, res, false);
    expect(req.headers["x-nonce"]).not.toBe("chosen");
    expect(req.headers["content-security-policy"]).not.toContain("script-src *");
    expect(req.headers["x-lka-path"]).toBe("/p/main/audit");
  });

  it("the path asked for is the one Next routes: query kept, escaped once, dot segments resolved", () => {
    const asked = (url: string) => {
      const { req, res } = exchange(url);
      setPageHeaders(req, res, false);
      return req.headers["x-lka-path"];
    };
    expect(asked("/p/main/rooms?q=a%20b&sort=name")).toBe("/p/main/rooms?q=a%20b&sort=name");
    expect(asked("/p/main/rooms/caf%C3%A9%20%2F%20%3F%23")).toBe(
      "/p/main/rooms/caf%C3%A9%20%2F%20%3F%23",
    );
    expect(asked("/p/main/rooms/{x}")).toBe("/p/main/rooms/%7Bx%7D");
    expect(asked("/p/main/rooms/%2e%2e")).toBe("/p/main/");
    // Never read as another host.
    expect(asked("//evil.example/p")).toBe("//evil.example/p");
  });

  it("pages ask the browser for its window's height (the rooms page draws what it shows)", () => {
    const { req, res, set } = exchange("/p/main/rooms");
    setPageHeaders(req, res, false);
    expect(set.get("accept-ch")).toBe("Sec-CH-Viewport-Height");
    const api = exchange("/api/p/main/rooms");
    setPageHeaders(api.req, api.res, false);
    expect(api.set.has("accept-ch")).toBe(false);
  });

  it("HSTS only over HTTPS", () => {
    const { req, res, set } = exchange("/p/main/rooms");
    setPageHeaders(req, res, true);
    expect(set.get("strict-transport-security")).toMatch(/^max-age=\d+; includeSubDomains$/);
  });

  it("static files and the JSON routes get no policy, and keep none of those headers a client sent", () => {
    for (const url of [
      "/_next/static/chunks/app.js",
      "/icon.svg?icon.abc.svg",
      "/api/p/main/rooms",
      "/api/webhooks/main",
      "/api/health",
    ]) {
      const { req, res, set } = exchange(url, {
        "x-nonce": "chosen",
        "content-security-policy": "script-src *",
        "x-lka-path": "/elsewhere",
      });
      setPageHeaders(req, res, true);
      expect(req.headers["x-nonce"], url).toBeUndefined();
      expect(req.headers["content-security-policy"], url).toBeUndefined();
      expect(req.headers["x-lka-path"], url).toBeUndefined();
      expect(set.size, url).toBe(0);
    }
  });

  it("no unsafe-eval in production", () => {
    expect(contentSecurityPolicy("n", false)).not.toContain("unsafe-eval");
    expect(contentSecurityPolicy("n", true)).toContain("'unsafe-eval'");
  });

  it("decides on the path Next routes: a raw /api/../sign-in is the sign-in page, with its policy", () => {
    for (const raw of [
      "/api/../sign-in",
      "/api/%2e%2e/sign-in",
      "/_next/static/../../p/main/rooms",
    ]) {
      const { req, res, set } = exchange(raw);
      setPageHeaders(req, res, false);
      expect(set.get("content-security-policy"), raw).toContain("frame-ancestors 'none'");
      expect(req.headers["x-lka-path"], raw).not.toContain("..");
    }
    const api = exchange("/api/p/main/rooms");
    setPageHeaders(api.req, api.res, false);
    expect(api.set.has("content-security-policy")).toBe(false);
  });
});
