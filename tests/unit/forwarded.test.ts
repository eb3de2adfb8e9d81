import { describe, expect, it } from "vitest";
import {
  keepTrustedForwarded,
  parseTrustedFields,
  parseTrustProxy,
  resolveClient,
} from "../../scripts/lib/forwarded.mjs";

describe("which forwarded headers to believe", () => {
  it("without TRUST_PROXY, the socket is the client whatever X-Forwarded-For says", () => {
    expect(resolveClient(parseTrustProxy(undefined), "::ffff:127.0.0.1", "6.6.6.6")).toEqual({
      address: "127.0.0.1",
      viaProxy: false,
    });
  });

  it("with a hop count, takes the hop the last trusted proxy saw", () => {
    const trust = parseTrustProxy("1");
    expect(resolveClient(trust, "10.0.0.2", "6.6.6.6, 203.0.113.7")).toEqual({
      address: "203.0.113.7",
      viaProxy: true,
    });
    expect(resolveClient(trust, "10.0.0.2", undefined)).toEqual({
      address: "10.0.0.2",
      viaProxy: false,
    });
  });

  it("with a list, believes only listed peers, and walks past listed hops", () => {
    const trust = parseTrustProxy("127.0.0.1, 10.0.0.0/8");
    expect(resolveClient(trust, "127.0.0.1", "6.6.6.6, 203.0.113.7, 10.1.2.3")).toEqual({
      address: "203.0.113.7",
      viaProxy: true,
    });
    expect(resolveClient(trust, "192.0.2.5", "6.6.6.6")).toEqual({
      address: "192.0.2.5",
      viaProxy: false,
    });
  });

  it("refuses a TRUST_PROXY it cannot read, naming the entry", () => {
    expect(() => parseTrustProxy("127.0.0.1, proxy.local")).toThrow(/"proxy.local"/);
  });

  const sent = () => ({
    "x-forwarded-for": "6.6.6.6, 203.0.113.7",
    "x-forwarded-proto": "https",
    "x-forwarded-host": "evil.example",
    "x-forwarded-port": "443",
    forwarded: "for=6.6.6.6;proto=https",
    host: "console.internal",
  });

  it("from a trusted proxy that sets only X-Forwarded-For (the default), a client's proto and host do not stand", () => {
    const h: Record<string, string | undefined> = sent();
    keepTrustedForwarded(h, true, parseTrustedFields(undefined));
    expect(h).toEqual({ "x-forwarded-for": "6.6.6.6, 203.0.113.7", host: "console.internal" });
  });

  it("fields the proxies set stand, as the nearest proxy gave them", () => {
    const h: Record<string, string | undefined> = {
      ...sent(),
      "x-forwarded-proto": "https, http",
      "x-forwarded-host": "evil.example, console.example",
    };
    keepTrustedForwarded(h, true, parseTrustedFields("proto, host"));
    expect(h["x-forwarded-proto"]).toBe("http");
    expect(h["x-forwarded-host"]).toBe("console.example");
    expect(h.forwarded).toBeUndefined();
  });

  it("from a peer that is not a trusted proxy, no forwarded field stands", () => {
    const h: Record<string, string | undefined> = sent();
    keepTrustedForwarded(h, false, parseTrustedFields("for,proto,host"));
    expect(h).toEqual({ host: "console.internal" });
  });

  it("refuses a TRUST_PROXY_HEADERS field it does not know, naming it", () => {
    expect(() => parseTrustedFields("for, scheme")).toThrow(/"scheme"/);
  });
});
