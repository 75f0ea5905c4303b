import type { Role } from "@clustercord/contracts";
import { type PrismaClient, setRoleMapping } from "@clustercord/db";

export interface SeedGuild {
  id: string;
  name: string;
  roleMappings?: { discordRoleId: string; role: Role }[];
}

/** Applies the fixture's Discord-role -> ClusterCord-role mappings (idempotent). */
export async function seedRoleMappings(prisma: PrismaClient, guilds: readonly SeedGuild[]): Promise<void> {
  for (const guild of guilds) {
    for (const mapping of guild.roleMappings ?? []) {
      await setRoleMapping(prisma, { id: guild.id, name: guild.name }, mapping);
    }
  }
}
