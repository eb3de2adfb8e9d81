import { describe, expect, it } from "vitest";
import { safeNext } from "@/lib/auth/safe-next";

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
