import { grantsAdmin } from "@clustercord/auth";
import { AppError, type Role, type RoleMappingRow } from "@clustercord/contracts";
import { deleteRoleMapping, listRoleMappings, setRoleMapping } from "@clustercord/db";
import type { ApiDeps } from "../context";

/** The guild's Discord roles (from Discord, as the bot) with their ClusterCord mapping. */
export async function listGuildRoles(deps: ApiDeps, guildId: string): Promise<RoleMappingRow[]> {
  const guild = await deps.directory.getGuild(guildId);
  if (!guild)
    throw new AppError("NOT_FOUND", { userMessage: "ClusterCord is not installed in that server." });
  const mapped = new Map(
    (await listRoleMappings(deps.prisma, guildId)).map((m) => [m.discordRoleId, m.role]),
  );
  return guild.roles
    .filter((r) => r.id !== guildId) // @everyone: unmapped members are viewers already
    .map((r) => ({
      discordRoleId: r.id,
      name: r.name,
      mapped: mapped.get(r.id) ?? null,
      grantsAdmin: grantsAdmin(r.permissions),
    }));
}

/** Maps (or unmaps) one Discord role; takes effect on the members' next request. */
export async function setGuildRole(
  deps: ApiDeps,
  guild: { id: string; name: string },
  discordRoleId: string,
  role: Role | "none",
): Promise<RoleMappingRow> {
  const current = (await listGuildRoles(deps, guild.id)).find((r) => r.discordRoleId === discordRoleId);
  if (!current) throw new AppError("NOT_FOUND", { userMessage: "No such Discord role in this server." });
  if (role === "none") await deleteRoleMapping(deps.prisma, guild.id, discordRoleId);
  else await setRoleMapping(deps.prisma, guild, { discordRoleId, role });
  return { ...current, mapped: role === "none" ? null : role };
}
