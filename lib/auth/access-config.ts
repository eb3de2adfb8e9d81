import "server-only";
import { randomBytes } from "node:crypto";
import { ConfigError, parseLiveKitEnv, type LiveKitTarget } from "@/lib/config-schema";
import { normaliseLiveKitUrl } from "@/lib/livekit/url";
import { accessFileSchema, describeIssue } from "@/lib/auth/access-schema";
import type { Role } from "@/lib/auth/roles";
import type { OidcEntry } from "@/lib/auth/oidc/schema";

export type Project = { name: string; target: LiveKitTarget };
export type Operator = { username: string; passwordHash: string; roles: Record<string, Role> };

/** The provider as configured, with its client secret read from the variable the file names. */
export type OidcSettings = Omit<OidcEntry, "passwords"> & { clientSecret: string };

export type AccessConfig = {
  projects: Project[];
  operators: Operator[];
  /** Sign-in through the team's OpenID Connect provider, when configured. */
  oidc?: OidcSettings;
  /** Whether local password accounts may sign in (the file's oidc.passwords). */
  passwords: boolean;
  /** Local demo: documented demo users, shown on the sign-in page. */
  demo: boolean;
  sessionKey: Uint8Array;
};

export const DEFAULT_PROJECT = "default";
export const DEMO_PASSWORD = "livekit-demo";
// scrypt hash of DEMO_PASSWORD: the demo's password is public by design.
const DEMO_HASH =
  "scrypt$32768$8$1$1QdLvbUP-zBGXPEQQfGWaA$lY9RrG-J6w_nJfgqmHlwXhZ_XNgfHiPZbQjfSjhS2N8";
export const DEMO_USERS: Operator[] = (["admin", "operator", "viewer"] as const).map((role) => ({
  username: role,
  passwordHash: DEMO_HASH,
  roles: { "*": role },
}));

export const SESSION_SECRET_MIN = 32;
let generatedKey: Uint8Array | undefined;

type Env = Record<string, string | undefined>;

function readProjects(
  env: Env,
  file: ReturnType<typeof accessFileSchema.parse> | undefined,
  problems: string[],
): Project[] {
  if (!file || file.projects.length === 0) {
    // No projects in the file: the LIVEKIT_* variables (or the local dev server) are "default".
    return [{ name: DEFAULT_PROJECT, target: parseLiveKitEnv(env) }];
  }
  const seen = new Set<string>();
  return file.projects.flatMap((p) => {
    if (seen.has(p.name)) problems.push(`projects (${p.name}) is listed twice`);
    seen.add(p.name);
    const secret = env[p.apiSecretEnv];
    if (!secret) {
      problems.push(`${p.apiSecretEnv} is not set (the API secret of project ${p.name})`);
      return [];
    }
    const url = normaliseLiveKitUrl(p.url);
    return url.ok
      ? [
          {
            name: p.name,
            target: { url: url.httpUrl, apiKey: p.apiKey, apiSecret: secret, embedded: false },
          },
        ]
      : [];
  });
}

function readFileEntries(env: Env, readFile: (path: string) => string, problems: string[]) {
  const path = env.LIVEKIT_ADMIN_CONFIG;
  if (!path) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFile(path));
  } catch (e) {
    problems.push(
      `LIVEKIT_ADMIN_CONFIG (${path}) cannot be read as JSON: ${e instanceof Error ? e.message : String(e)}`,
    );
    return undefined;
  }
  const parsed = accessFileSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${path}: ${describeIssue(raw, issue)}`);
    return undefined;
  }
  return parsed.data;
}

/**
 * Projects, operators and the session key, from LIVEKIT_ADMIN_CONFIG and the environment.
 * Throws ConfigError listing every problem, each naming the variable or the file entry.
 */
export function loadAccessConfig(env: Env, readFile: (path: string) => string): AccessConfig {
  const problems: string[] = [];
  const file = readFileEntries(env, readFile, problems);
  let projects: Project[] = [];
  try {
    projects = readProjects(env, file, problems);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    problems.push(...e.problems);
  }

  const operators: Operator[] = [...(file?.operators ?? [])];
  if (env.ADMIN_USERNAME || env.ADMIN_PASSWORD_HASH) {
    if (!env.ADMIN_USERNAME)
      problems.push("ADMIN_USERNAME is not set (needed with ADMIN_PASSWORD_HASH)");
    else if (!env.ADMIN_PASSWORD_HASH)
      problems.push("ADMIN_PASSWORD_HASH is not set (print one with `npm run hash-password`)");
    else
      operators.push({
        username: env.ADMIN_USERNAME,
        passwordHash: env.ADMIN_PASSWORD_HASH,
        roles: { "*": "admin" },
      });
    if (env.ADMIN_PASSWORD_HASH && !/^scrypt\$/.test(env.ADMIN_PASSWORD_HASH)) {
      problems.push(
        "ADMIN_PASSWORD_HASH must be a hash printed by `npm run hash-password` (scrypt$…), not a password",
      );
    }
  }
  const names = new Set(projects.map((p) => p.name));
  const users = new Set<string>();
  for (const op of operators) {
    if (users.has(op.username)) problems.push(`operator ${op.username} is defined twice`);
    users.add(op.username);
    for (const project of Object.keys(op.roles)) {
      if (project !== "*" && !names.has(project)) {
        problems.push(
          `operator ${op.username} has a role in project "${project}", which is not defined`,
        );
      }
    }
  }

  const oidc = readOidc(env, file?.oidc, names, problems);
  const passwords = file?.oidc?.passwords ?? true;
  const demo = env.LIVEKIT_ADMIN_DEMO === "1" && operators.length === 0 && !oidc;
  if (demo) operators.push(...DEMO_USERS);
  const production = env.NODE_ENV === "production";
  if (operators.length === 0 && !oidc && production) {
    problems.push(
      "No operators are configured: set LIVEKIT_ADMIN_CONFIG to an operators file, or ADMIN_USERNAME and ADMIN_PASSWORD_HASH, or oidc in the operators file",
    );
  }

  let sessionKey: Uint8Array;
  const secret = env.SESSION_SECRET;
  if (secret !== undefined && secret.length < SESSION_SECRET_MIN) {
    problems.push(
      `SESSION_SECRET is shorter than ${SESSION_SECRET_MIN} characters (make one with: openssl rand -hex 32)`,
    );
  }
  if (secret) sessionKey = new TextEncoder().encode(secret);
  else {
    if (production)
      problems.push(
        "SESSION_SECRET is not set (required in production; make one with: openssl rand -hex 32)",
      );
    // Development only: a key per process, so sessions end when the server restarts.
    sessionKey = generatedKey ??= new Uint8Array(randomBytes(32));
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return { projects, operators, oidc, passwords, demo, sessionKey };
}

function readOidc(
  env: Env,
  entry: OidcEntry | undefined,
  projects: Set<string>,
  problems: string[],
): OidcSettings | undefined {
  if (!entry) return undefined;
  const clientSecret = env[entry.clientSecretEnv];
  if (!clientSecret)
    problems.push(
      `${entry.clientSecretEnv} is not set (the client secret of oidc, as the provider issued it for client ${entry.clientId})`,
    );
  for (const [group, grant] of Object.entries(entry.roles))
    for (const project of Object.keys(grant))
      if (project !== "*" && !projects.has(project))
        problems.push(
          `oidc.roles (${group}) gives a role in project "${project}", which is not defined`,
        );
  const { passwords: _p, ...rest } = entry;
  return clientSecret ? { ...rest, clientSecret } : undefined;
}

export function roleIn(op: Operator, project: string): Role | undefined {
  return op.roles[project] ?? op.roles["*"];
}
