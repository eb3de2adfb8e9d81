import { describe, expect, it } from "vitest";
import { TwirpError } from "livekit-server-sdk";
import { toAppError } from "@/lib/livekit/errors";

const URL_ = "https://lk.example.com";

describe("toAppError", () => {
  it("tells a wrong secret from an unknown key, and never echoes the token", () => {
    const token = "eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJkZXZrZXkifQ.c2lnbmF0dXJl";
    const badSig = toAppError(
      new TwirpError("Unauthorized", `invalid token: ${token}, error: signature is invalid`, 401),
      URL_,
    );
    expect(badSig.code).toBe("unauthorized");
    expect(badSig.message).toContain("LIVEKIT_API_SECRET");
    expect(badSig.message).not.toContain(token);
    const badKey = toAppError(new TwirpError("Unauthorized", "invalid API key: x", 401), URL_);
    expect(badKey.message).toBe(
      `LiveKit at ${URL_} does not know this API key. Check LIVEKIT_API_KEY.`,
    );
  });

  it("reads the network reason from err.cause", () => {
    const e = new TypeError("fetch failed", {
      cause: Object.assign(new Error("getaddrinfo"), { code: "ENOTFOUND" }),
    });
    expect(toAppError(e, URL_)).toEqual({
      code: "unreachable",
      message: `Cannot reach LiveKit at ${URL_}: its host name does not resolve (ENOTFOUND). Check that the server is running and LIVEKIT_URL is right.`,
    });
  });

  it("reports a timeout as slow", () => {
    const e = new DOMException("The operation was aborted due to timeout", "TimeoutError");
    expect(toAppError(e, URL_).code).toBe("timeout");
  });

  it("passes short upstream validation text through, without Twirp noise", () => {
    const e = new TwirpError(
      "Bad Request",
      "twirp error unknown: room name length exceeds limits: max length 256",
      400,
      "invalid_argument",
    );
    expect(toAppError(e, URL_)).toEqual({
      code: "rejected",
      message: "LiveKit refused the request: room name length exceeds limits: max length 256",
    });
  });

  it("hides anything unknown behind a fixed message", () => {
    expect(toAppError(new Error("secret stack detail"), URL_)).toEqual({
      code: "internal",
      message: "Something went wrong on the console's server. The details are in its log.",
    });
  });
});
