import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const Id = z.string().regex(/^\d{1,20}$/);

export const DiscordFixture = z.object({
  application: z.object({ id: Id, name: z.string() }),
  bot: z.object({ id: Id, username: z.string(), token: z.string().min(16) }),
  oauthClients: z.array(z.object({ clientId: Id, clientSecret: z.string().min(8) })).min(1),
  users: z.array(
    z.object({
      id: Id,
      username: z.string(),
      globalName: z.string().nullable(),
      avatar: z.string().nullable(),
    }),
  ),
  guilds: z.array(
    z.object({
      id: Id,
      name: z.string(),
      icon: z.string().nullable(),
      ownerId: Id,
      botInstalled: z.boolean().default(true),
      roles: z.array(z.object({ id: Id, name: z.string(), permissions: z.string().regex(/^\d+$/) })),
      members: z.array(z.object({ userId: Id, roles: z.array(Id) })),
      roleMappings: z
        .array(z.object({ discordRoleId: Id, role: z.enum(["viewer", "operator", "admin"]) }))
        .default([]),
      channels: z.array(z.object({ id: Id, name: z.string() })).default([]),
    }),
  ),
});
export type DiscordFixture = z.infer<typeof DiscordFixture>;
export type FixtureGuild = DiscordFixture["guilds"][number];
export type FixtureUser = DiscordFixture["users"][number];

export const defaultFixturePath = path.join(import.meta.dirname, "../../fixtures/discord.json");

/** Reads and validates a fixture file (the seeded users, guilds and roles). */
export function loadFixture(file = defaultFixturePath): DiscordFixture {
  return DiscordFixture.parse(JSON.parse(readFileSync(file, "utf8")));
}
