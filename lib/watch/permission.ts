import "server-only";
import { settings } from "@/lib/env";
import { allows, type Permission, type Role } from "@/lib/auth/roles";

const OF_ROLE: Record<Role, Permission> = {
  viewer: "view",
  operator: "manage",
  admin: "administer",
};

/** What watching needs in this deployment (WATCH_ROLE), read per call so a restart applies it. */
export function watchPermission(): Permission | "nobody" {
  const role = settings().watchRole;
  return role === "none" ? "nobody" : OF_ROLE[role];
}

export function mayWatch(role: Role): boolean {
  const needed = watchPermission();
  return needed !== "nobody" && allows(role, needed);
}
