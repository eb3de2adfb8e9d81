import "server-only";
import { readFileSync, statSync } from "node:fs";
import { loadAccessConfig, type AccessConfig } from "@/lib/auth/access-config";

let cache: { key: string; names: string[] | undefined; config: AccessConfig } | undefined;

function fileStamp(): number {
  const path = process.env.LIVEKIT_ADMIN_CONFIG;
  try {
    return path ? statSync(path).mtimeMs : 0;
  } catch {
    return -1;
  }
}

/**
 * What the configuration was read from: the file's time and the variables the reading looked
 * at (the file names the variables that hold secrets). Asked on every request, so it reads
 * only those variables: serialising the whole environment each time cost ~1 s of CPU per
 * minute under 50 tabs. When the reading listed the environment, every variable counts.
 */
function cacheKey(names: string[] | undefined): string {
  const env = names ? names.map((n) => process.env[n] ?? null) : process.env;
  return `${fileStamp()}\u0000${JSON.stringify(env)}`;
}

/** The environment as loadAccessConfig sees it, noting which variables it reads. */
function watchedEnv(): { env: NodeJS.ProcessEnv; names: () => string[] | undefined } {
  const read = new Set<string>();
  let listed = false;
  const env = new Proxy(process.env, {
    get: (t, k) => {
      if (typeof k === "string") read.add(k);
      return Reflect.get(t, k) as string | undefined;
    },
    has: (t, k) => {
      if (typeof k === "string") read.add(k);
      return Reflect.has(t, k);
    },
    ownKeys: (t) => {
      listed = true;
      return Reflect.ownKeys(t);
    },
  });
  return { env, names: () => (listed ? undefined : [...read].sort()) };
}

/**
 * Projects and operators, re-read when the file or the environment changes, so removing an
 * operator or a role takes effect on their next request.
 */
export function accessConfig(): AccessConfig {
  if (cache && cache.key === cacheKey(cache.names)) return cache.config;
  const { env, names } = watchedEnv();
  const config = loadAccessConfig(env, (p) => readFileSync(p, "utf8"));
  const watched = names();
  // LIVEKIT_ADMIN_CONFIG decides which file is stamped: always part of the key.
  const keyNames = watched && [...new Set([...watched, "LIVEKIT_ADMIN_CONFIG"])].sort();
  cache = { key: cacheKey(keyNames), names: keyNames, config };
  return config;
}
