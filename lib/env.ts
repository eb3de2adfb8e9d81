import "server-only";
import { settingsFrom, type Settings } from "@/lib/settings";

/**
 * Attention thresholds and limits from the environment, read per use so tests and operators can tune them
 * without a rebuild; start-up (lib/startup-check.ts) already refused bad values.
 */
export function settings(): Settings {
  return settingsFrom(process.env);
}
