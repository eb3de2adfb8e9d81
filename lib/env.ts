import "server-only";
import { parseLiveKitEnv, type LiveKitTarget } from "@/lib/config-schema";

let cached: LiveKitTarget | undefined;

/** The one place that reads process.env; validated once, failing with a message per variable. */
export function liveKitTarget(): LiveKitTarget {
  cached ??= parseLiveKitEnv(process.env);
  return cached;
}
