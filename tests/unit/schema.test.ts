import { describe, expect, it } from "vitest";
import { createRoomSchema, METADATA_MAX_BYTES, UINT32_MAX } from "@/lib/rooms/schema";

function fieldErrors(input: unknown) {
  const r = createRoomSchema.safeParse(input);
  if (r.success) return {};
  const out: Record<string, string[]> = {};
  for (const i of r.error.issues) (out[i.path.join(".")] ??= []).push(i.message);
  return out;
}

describe("createRoomSchema", () => {
  it("accepts a minimal room and leaves unset fields to the server", () => {
    expect(createRoomSchema.parse({ name: "standup" })).toEqual({ name: "standup" });
  });

  it("reads form strings as numbers and empty strings as not set", () => {
    expect(
      createRoomSchema.parse({
        name: "a",
        emptyTimeout: "600",
        maxParticipants: " 20 ",
        departureTimeout: "",
        syncStreams: "on",
      }),
    ).toEqual({ name: "a", emptyTimeout: 600, maxParticipants: 20, syncStreams: true });
  });

  it.each([
    [{ name: "" }, { name: ["Room name is required"] }],
    [{ name: "   " }, { name: ["Room name must not be blank (or only invisible characters)"] }],
    [{}, { name: ["Room name is required"] }],
    [
      { name: "a\nb" },
      { name: ["Room name must not contain invisible or control characters (found U+000A)"] },
    ],
    // 86 three-byte characters = 258 bytes, though only 86 characters.
    [{ name: "€".repeat(86) }, { name: ["Room name must be at most 256 bytes (UTF-8)"] }],
  ])("rejects the name in %j", (input, expected) => {
    expect(fieldErrors(input)).toEqual(expected);
  });

  it("allows a 256-byte name", () => {
    expect(fieldErrors({ name: "x".repeat(256) })).toEqual({});
  });

  it.each([
    ["-1", "Empty timeout must not be negative"],
    ["1.5", "Empty timeout must be a whole number written with digits 0–9"],
    ["abc", "Empty timeout must be a whole number written with digits 0–9"],
    [String(UINT32_MAX + 1), `Empty timeout must be at most ${UINT32_MAX}`],
  ])("rejects the timeout %s", (value, message) => {
    expect(fieldErrors({ name: "r", emptyTimeout: value })).toEqual({ emptyTimeout: [message] });
  });

  it("accepts the uint32 bounds", () => {
    expect(fieldErrors({ name: "r", emptyTimeout: 0, maxParticipants: UINT32_MAX })).toEqual({});
  });

  it("limits metadata to the server's size in bytes", () => {
    expect(fieldErrors({ name: "r", metadata: "x".repeat(METADATA_MAX_BYTES) })).toEqual({});
    expect(fieldErrors({ name: "r", metadata: "x".repeat(METADATA_MAX_BYTES + 1) })).toEqual({
      metadata: [`Metadata must be at most ${METADATA_MAX_BYTES} bytes (the server's limit)`],
    });
  });

  it("requires max playout delay not below the min", () => {
    expect(fieldErrors({ name: "r", minPlayoutDelay: 200, maxPlayoutDelay: 100 })).toEqual({
      maxPlayoutDelay: ["Max playout delay must not be below the min"],
    });
  });
});
