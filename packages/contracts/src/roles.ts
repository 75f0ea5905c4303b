import { z } from "zod";

export const roles = ["viewer", "operator", "admin"] as const;
export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;

const rank: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

export function roleAtLeast(role: Role, needed: Role): boolean {
  return rank[role] >= rank[needed];
}

export function highestRole(list: readonly Role[]): Role {
  return list.reduce<Role>((best, r) => (rank[r] > rank[best] ? r : best), "viewer");
}
