import { describe, expect, it } from "vitest";
import { ConfigError, LOCAL_DEV_SERVER, parseLiveKitEnv } from "@/lib/config-schema";

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    parseLiveKitEnv(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error("expected a ConfigError");
}

describe("parseLiveKitEnv", () => {
  it("defaults to the embedded local dev server when LIVEKIT_URL is unset", () => {
    expect(parseLiveKitEnv({})).toEqual({ ...LOCAL_DEV_SERVER, embedded: true });
  });

  it("reads the variables LiveKit's SDKs and CLI use", () => {
    expect(
      parseLiveKitEnv({
        LIVEKIT_URL: "wss://p.livekit.cloud",
        LIVEKIT_API_KEY: "APIabc",
        LIVEKIT_API_SECRET: "s3cr3t",
      }),
    ).toEqual({
      url: "https://p.livekit.cloud",
      apiKey: "APIabc",
      apiSecret: "s3cr3t",
      embedded: false,
    });
  });

  it("names each missing or malformed variable", () => {
    expect(problemsOf({ LIVEKIT_URL: "wss://p.livekit.cloud" })).toEqual([
      "LIVEKIT_API_KEY is not set (required when LIVEKIT_URL is set)",
      "LIVEKIT_API_SECRET is not set (required when LIVEKIT_URL is set)",
    ]);
    expect(
      problemsOf({ LIVEKIT_URL: "nope", LIVEKIT_API_KEY: " ", LIVEKIT_API_SECRET: "x " }),
    ).toEqual([
      'LIVEKIT_URL "nope" is not a URL (expected e.g. wss://my-project.livekit.cloud)',
      "LIVEKIT_API_KEY is set but empty (required when LIVEKIT_URL is set)",
      "LIVEKIT_API_SECRET has leading or trailing whitespace (required when LIVEKIT_URL is set)",
    ]);
  });
});
