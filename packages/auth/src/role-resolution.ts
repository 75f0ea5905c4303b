import { highestRole, type Role } from "@clustercord/contracts";

const ADMINISTRATOR = 1n << 3n;
const MANAGE_GUILD = 1n << 5n;

export interface RoleInputs {
  userId: string;
  ownerId: string;
  memberRoleIds: readonly string[];
  guildRoles: readonly { id: string; permissions: string }[];
  mappings: readonly { discordRoleId: string; role: Role }[];
}

/**
 * A member's ClusterCord role in a guild: the owner, and anyone whose Discord
 * roles grant Administrator or Manage Server, is admin; otherwise the highest
 * role mapped from their Discord roles by the guild's admins; otherwise viewer.
 */
/** Whether a Discord role's permissions make its holders ClusterCord admins. */
export function grantsAdmin(permissions: string): boolean {
  const perms = BigInt(permissions);
  return (perms & ADMINISTRATOR) !== 0n || (perms & MANAGE_GUILD) !== 0n;
}

export function resolveRole(input: RoleInputs): Role {
  if (input.userId === input.ownerId) return "admin";
  const held = new Set(input.memberRoleIds);
  for (const role of input.guildRoles) {
    if (held.has(role.id) && grantsAdmin(role.permissions)) return "admin";
  }
  return highestRole(input.mappings.filter((m) => held.has(m.discordRoleId)).map((m) => m.role));
}
