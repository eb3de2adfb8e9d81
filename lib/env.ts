import "server-only";
import { onCallConfig, type OnCallConfig } from "@/lib/rooms/attention-config";

/**
 * On-call thresholds from the environment, read per use so tests and operators can tune them
 * without a rebuild; start-up (lib/startup-check.ts) already refused bad values.
 */
export function onCall(): OnCallConfig {
  return onCallConfig(process.env);
}
