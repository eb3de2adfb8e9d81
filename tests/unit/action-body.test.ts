import { describe, expect, it } from "vitest";
import { checkActionBody } from "@/lib/http/action-body";

const text = "text/plain;charset=UTF-8";

describe("server-action bodies", () => {
  it("lets through what the console's client sends", () => {
    expect(
      checkActionBody(
        text,
        JSON.stringify([{ project: "main", name: "$$dollar", x: "$undefined" }]),
      ),
    ).toEqual({ ok: true });
  });

  it.each([
    ["", 400],
    ["not json", 400],
    [JSON.stringify({ not: "a list" }), 400],
    [JSON.stringify(Array(10_001).fill(1)), 400],
    [`[${"[".repeat(5000)}${"]".repeat(5000)}]`, 400],
    [JSON.stringify([{ name: "x".repeat(1_100_000) }]), 413],
    [JSON.stringify([{ metadata: "$1" }]), 400],
    [JSON.stringify([{ metadata: "$@0" }]), 400],
  ])("refuses %#", (body, status) => {
    expect(checkActionBody(text, body)).toMatchObject({ ok: false, status });
  });

  it("refuses form posts (this console sends none)", () => {
    expect(checkActionBody("multipart/form-data; boundary=x", "")).toMatchObject({ status: 415 });
  });
});
