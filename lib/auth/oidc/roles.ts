import "server-only";
import { ROLES, type Role } from "@/lib/auth/roles";

/** Group → role per project ("*" for every project), as the operators file's oidc.roles says. */
export type GroupRoles = Record<string, Record<string, Role>>;

const higher = (a: Role | undefined, b: Role): Role =>
  a === undefined || ROLES.indexOf(b) > ROLES.indexOf(a) ? b : a;

/**
 * The role a person in these groups has in each project: the highest any of their groups
 * grants there, naming the project or "*". Projects none grants are absent.
 */
export function rolesFromGroups(
  mapping: GroupRoles,
  groups: readonly string[],
  projects: readonly string[],
): Record<string, Role> {
  const out: Record<string, Role> = {};
  for (const group of groups) {
    const grant = Object.hasOwn(mapping, group) ? mapping[group] : undefined;
    if (!grant) continue;
    for (const project of projects) {
      const role = (Object.hasOwn(grant, project) ? grant[project] : undefined) ?? grant["*"];
      if (role) out[project] = higher(out[project], role);
    }
  }
  return out;
}

/** The groups that would open at least one of these projects: what the no-access page names. */
export function grantingGroups(mapping: GroupRoles, projects: readonly string[]): string[] {
  return Object.entries(mapping)
    .filter(([, grant]) => Object.keys(grant).some((p) => p === "*" || projects.includes(p)))
    .map(([group]) => group)
    .sort();
}

/**
 * The values of the groups claim: a list of strings, or one string (some providers send a
 * single group so). A claim of that exact name comes first (Auth0's namespaced
 * `https://example.com/groups`); otherwise a dotted path reaches into objects
 * (`realm_access.roles` in Keycloak).
 */
export function groupsOf(claims: Record<string, unknown>, path: string): string[] {
  let cur: unknown = claims;
  if (Object.hasOwn(claims, path)) cur = claims[path];
  else
    for (const seg of path.split(".")) {
      if (!cur || typeof cur !== "object" || !Object.hasOwn(cur, seg)) return [];
      cur = (cur as Record<string, unknown>)[seg];
    }
  if (typeof cur === "string") return [cur];
  if (!Array.isArray(cur)) return [];
  return [...new Set(cur.filter((g): g is string => typeof g === "string"))];
}
