import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce, pageHeaders } from "@/lib/http/page-headers";

/** The headers of a page request as the proxy sets them (Next hands it the URL parsed). */
const headersOf = (raw: string, https = false, nonce = newNonce()) =>
  pageHeaders(new URL(`http://console${raw}`), https, nonce);

describe("a page's own headers, set by the proxy whatever serves the build", () => {
  it("a fresh nonce per page, the same in the request's policy, the answer's and x-nonce", () => {
    const a = newNonce();
    const b = newNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/=]{22,}$/);
    expect(b).not.toBe(a);
    const { request, response } = headersOf("/p/main/rooms", false, a);
    expect(request["x-nonce"]).toBe(a);
    expect(request["content-security-policy"]).toBe(contentSecurityPolicy(a));
    expect(response["Content-Security-Policy"]).toBe(contentSecurityPolicy(a));
    expect(response["Content-Security-Policy"]).toContain(`'nonce-${a}' 'strict-dynamic'`);
    expect(response["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
    expect(response["Strict-Transport-Security"]).toBeUndefined();
  });

  it("the path asked for is the one Next routes: query kept, escaped once, dot segments resolved", () => {
    const asked = (raw: string) => headersOf(raw).request["x-lka-path"];
    expect(asked("/p/main/rooms?q=a%20b&sort=name")).toBe("/p/main/rooms?q=a%20b&sort=name");
    expect(asked("/p/main/rooms/caf%C3%A9%20%2F%20%3F%23")).toBe(
      "/p/main/rooms/caf%C3%A9%20%2F%20%3F%23",
    );
    expect(asked("/p/main/rooms/{x}")).toBe("/p/main/rooms/%7Bx%7D");
    expect(asked("/p/main/rooms/%2e%2e")).toBe("/p/main/");
  });

  it("pages ask the browser for its window's height (the rooms page draws what it shows)", () => {
    expect(headersOf("/p/main/rooms").response["Accept-CH"]).toBe("Sec-CH-Viewport-Height");
  });

  it("HSTS only over HTTPS", () => {
    expect(headersOf("/p/main/rooms", true).response["Strict-Transport-Security"]).toMatch(
      /^max-age=\d+; includeSubDomains$/,
    );
  });

  it("no unsafe-eval in production; development adds it and the reload socket", () => {
    expect(contentSecurityPolicy("n", false)).not.toContain("unsafe-eval");
    expect(contentSecurityPolicy("n", true)).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy("n", true)).toContain("connect-src 'self' ws: wss:");
  });
});
