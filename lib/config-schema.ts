import { z } from "zod";
import { normaliseLiveKitUrl } from "@/lib/livekit/url";

/** What `livekit-server --dev` uses; the console's embedded default when LIVEKIT_URL is unset. */
export const LOCAL_DEV_SERVER = {
  url: "http://127.0.0.1:7880",
  apiKey: "devkey",
  apiSecret: "secret",
} as const;

export type LiveKitTarget = {
  /** http(s) origin for RoomService calls. */
  url: string;
  apiKey: string;
  apiSecret: string;
  /** True when the console fell back to the local dev server. */
  embedded: boolean;
};

const nonBlank = (name: string) =>
  z
    .string({ error: `${name} is not set` })
    .refine((v) => v.trim() !== "", `${name} is set but empty`)
    .refine((v) => v === v.trim(), `${name} has leading or trailing whitespace`);

const rawEnv = z.object({
  LIVEKIT_URL: z.string().optional(),
  LIVEKIT_API_KEY: z.string().optional(),
  LIVEKIT_API_SECRET: z.string().optional(),
});

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Reads the LiveKit target from an environment; throws ConfigError naming each bad variable. */
export function parseLiveKitEnv(env: Record<string, string | undefined>): LiveKitTarget {
  const raw = rawEnv.parse(env);
  if (raw.LIVEKIT_URL === undefined) {
    return {
      url: LOCAL_DEV_SERVER.url,
      apiKey: raw.LIVEKIT_API_KEY ?? LOCAL_DEV_SERVER.apiKey,
      apiSecret: raw.LIVEKIT_API_SECRET ?? LOCAL_DEV_SERVER.apiSecret,
      embedded: true,
    };
  }
  const problems: string[] = [];
  const url = normaliseLiveKitUrl(raw.LIVEKIT_URL);
  if (!url.ok) problems.push(`LIVEKIT_URL ${url.reason}`);
  for (const name of ["LIVEKIT_API_KEY", "LIVEKIT_API_SECRET"] as const) {
    const r = nonBlank(name).safeParse(raw[name]);
    if (!r.success) {
      problems.push(
        `${r.error.issues[0]?.message ?? `${name} is invalid`} (required when LIVEKIT_URL is set)`,
      );
    }
  }
  if (problems.length > 0 || !url.ok) throw new ConfigError(problems);
  return {
    url: url.httpUrl,
    apiKey: raw.LIVEKIT_API_KEY!,
    apiSecret: raw.LIVEKIT_API_SECRET!,
    embedded: false,
  };
}
