/** Roles, per project. Each includes the ones before it. */
export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** What an action needs: to see, to change rooms and participants, or to administer. */
export type Permission = "view" | "manage" | "administer";

const NEEDS: Record<Permission, Role> = { view: "viewer", manage: "operator", administer: "admin" };

export function allows(role: Role | undefined, permission: Permission): boolean {
  return role !== undefined && ROLES.indexOf(role) >= ROLES.indexOf(NEEDS[permission]);
}

export const ROLE_LABEL: Record<Role, string> = {
  viewer: "Viewer",
  operator: "Operator",
  admin: "Admin",
};
