import "server-only";
import { parseLiveKitEnv, type LiveKitTarget } from "@/lib/config-schema";

/**
 * The one place that reads process.env. Parsed on every call (three variables, microseconds),
 * so nothing stale survives a change; start-up already refused a bad configuration.
 */
export function liveKitTarget(): LiveKitTarget {
  return parseLiveKitEnv(process.env);
}
