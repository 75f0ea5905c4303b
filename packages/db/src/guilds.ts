import type { Role } from "@clustercord/contracts";
import type { PrismaClient } from "./generated/client";

export async function upsertGuild(prisma: PrismaClient, guild: { id: string; name: string }): Promise<void> {
  await prisma.guild.upsert({
    where: { id: guild.id },
    create: { id: guild.id, name: guild.name },
    update: { name: guild.name },
  });
}

export interface RoleMappingRow {
  discordRoleId: string;
  role: Role;
}

export async function listRoleMappings(prisma: PrismaClient, guildId: string): Promise<RoleMappingRow[]> {
  const rows = await prisma.roleMapping.findMany({ where: { guildId } });
  return rows.map((r) => ({ discordRoleId: r.discordRoleId, role: r.role as Role }));
}

export async function setRoleMapping(
  prisma: PrismaClient,
  guild: { id: string; name: string },
  mapping: RoleMappingRow,
): Promise<void> {
  await upsertGuild(prisma, guild);
  await prisma.roleMapping.upsert({
    where: {
      guildId_discordRoleId: { guildId: guild.id, discordRoleId: mapping.discordRoleId },
    },
    create: { guildId: guild.id, ...mapping },
    update: { role: mapping.role },
  });
}

export async function deleteRoleMapping(
  prisma: PrismaClient,
  guildId: string,
  discordRoleId: string,
): Promise<void> {
  await prisma.roleMapping.deleteMany({ where: { guildId, discordRoleId } });
}
