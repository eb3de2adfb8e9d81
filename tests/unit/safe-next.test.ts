import { describe, expect, it } from "vitest";
import { safeNext } from "@/lib/auth/safe-next";
import {
  SIGN_IN_FAILURE,
  signInFailureMessage,
  throttledMessage,
  typedUsername,
} from "@/lib/auth/sign-in-failures";

describe("where sign-in may send a user back to", () => {
  it("keeps this console's paths whole, query and encoded names included", () => {
    for (const p of [
      "/p/default/attention?reason=empty",
      "/p/default/rooms?q=stuck&sort=-age",
      "/p/default/rooms/all-hands",
      "/p/default/rooms/sp%20ace",
      "/p/default/rooms/%F0%9F%8E%89%20party",
      "/p/default/rooms/q%3Fx%3D1",
    ])
      expect(safeNext(p)).toBe(p);
  });

  it("refuses other origins and anything that could become one", () => {
    for (const p of [
      "//evil.example",
      "//evil.example/p/default/rooms",
      "/\\evil.example",
      // Dot segments that normalise to a second leading slash: "//evil.example" once resolved.
      "/.//evil.example",
      "/..//evil.example",
      "/a/..//evil.example",
      "/%2e//evil.example",
      "/%2E%2E//evil.example/p",
      "https://evil.example/",
      "javascript:alert(1)",
      "p/default/rooms",
      "/\tevil",
      "",
      undefined,
    ])
      expect(safeNext(p)).toBeUndefined();
  });
});

describe("signInFailureMessage", () => {
  it("gives the route's message for each code it sends", () => {
    expect(signInFailureMessage("unauthenticated")).toBe("Wrong username or password.");
    expect(signInFailureMessage("audit_unavailable")).toMatch(/database cannot be reached/);
    for (const code of Object.keys(SIGN_IN_FAILURE))
      expect(signInFailureMessage(code)).toBe(
        SIGN_IN_FAILURE[code as keyof typeof SIGN_IN_FAILURE],
      );
  });

  it("shows nothing for a code the route never sends, inherited names included", () => {
    for (const code of [undefined, "", "nope", "toString", "__proto__", "constructor", "<b>x</b>"])
      expect(signInFailureMessage(code)).toBeUndefined();
  });
});

describe("throttledMessage", () => {
  it("names the count that refused: this user from this address, or this address", () => {
    expect(throttledMessage("locked", false, 900)).toBe(
      "Too many failed sign-ins for this user from this address. Try again in 15 minutes.",
    );
    expect(throttledMessage("locked", true, 30)).toBe(
      "Too many failed sign-ins from this address. Try again in 1 minute.",
    );
    expect(throttledMessage("busy", false, 1)).toBe(
      "Another sign-in for this user from this address is being checked. Try again in a moment.",
    );
    expect(throttledMessage("busy", true, 1)).toBe(
      "Too many sign-ins from this address at once. Try again in a moment.",
    );
  });
});

describe("typedUsername (the username kept after a failed sign-in the browser posted)", () => {
  it("reads back what the route wrote", () => {
    for (const name of ["vera", "ada lovelace", "zoë", "o'neil", "a/b?c#d%e", "名前"])
      expect(typedUsername(encodeURIComponent(name))).toBe(name);
  });

  it("gives nothing for what no one typed there", () => {
    for (const v of [undefined, "", "%E0%A4%A", "x".repeat(65), encodeURIComponent("a\nb")])
      expect(typedUsername(v)).toBeUndefined();
  });
});
