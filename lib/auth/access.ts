import "server-only";
import { readFileSync, statSync } from "node:fs";
import { loadAccessConfig, type AccessConfig } from "@/lib/auth/access-config";

let cache: { key: string; config: AccessConfig } | undefined;

function cacheKey(): string {
  const path = process.env.LIVEKIT_ADMIN_CONFIG;
  let mtime = 0;
  try {
    mtime = path ? statSync(path).mtimeMs : 0;
  } catch {
    mtime = -1;
  }
  // The file names the variables that hold secrets, so any variable may matter.
  return `${mtime}\u0000${JSON.stringify(process.env)}`;
}

/**
 * Projects and operators, re-read when the file or the environment changes, so removing an
 * operator or a role takes effect on their next request.
 */
export function accessConfig(): AccessConfig {
  const key = cacheKey();
  if (cache?.key !== key) {
    cache = { key, config: loadAccessConfig(process.env, (p) => readFileSync(p, "utf8")) };
  }
  return cache.config;
}
