import { readFileSync } from "node:fs";
import path from "node:path";
import { Role } from "@clustercord/contracts";
import { z } from "zod";

const Snowflake = z.string().regex(/^\d{1,20}$/, "must be a Discord id (digits only)");

const FixtureUser = z.object({
  id: Snowflake,
  username: z.string().regex(/^[a-z0-9_.]{2,32}$/, "must be a valid Discord username"),
  globalName: z.string().min(1).nullable(),
  avatar: z.string().nullable(),
});

const FixtureGuild = z.object({
  id: Snowflake,
  name: z.string().min(2).max(100),
  icon: z.string().nullable(),
  ownerId: Snowflake,
  roles: z.array(z.object({ id: Snowflake, name: z.string(), permissions: z.string().regex(/^\d+$/) })),
  members: z.array(z.object({ userId: Snowflake, roles: z.array(Snowflake) })),
  roleMappings: z.array(z.object({ discordRoleId: Snowflake, role: Role })).default([]),
  channels: z.array(z.object({ id: Snowflake, name: z.string() })),
  /** The bot is in the guild unless this is false. */
  botInstalled: z.boolean().optional(),
});

/** The stand-in's world: one application and bot, OAuth clients, users and guilds. */
export const DiscordFixture = z
  .object({
    application: z.object({ id: Snowflake, name: z.string() }),
    bot: z.object({ id: Snowflake, username: z.string(), token: z.string().min(20) }),
    oauthClients: z.array(z.object({ clientId: Snowflake, clientSecret: z.string().min(16) })).min(1),
    users: z.array(FixtureUser),
    guilds: z.array(FixtureGuild),
  })
  .superRefine((fixture, ctx) => {
    // Cross-references must resolve, or the stand-in would answer with holes.
    const userIds = new Set(fixture.users.map((u) => u.id));
    for (const [g, guild] of fixture.guilds.entries()) {
      const roleIds = new Set(guild.roles.map((r) => r.id));
      if (!roleIds.has(guild.id)) {
        ctx.addIssue({
          code: "custom",
          path: ["guilds", g, "roles"],
          message: "needs @everyone (id = guild id)",
        });
      }
      if (!userIds.has(guild.ownerId)) {
        ctx.addIssue({ code: "custom", path: ["guilds", g, "ownerId"], message: "is not a fixture user" });
      }
      for (const [m, member] of guild.members.entries()) {
        if (!userIds.has(member.userId)) {
          const at = ["guilds", g, "members", m, "userId"];
          ctx.addIssue({ code: "custom", path: at, message: "is not a fixture user" });
        }
        for (const role of member.roles) {
          if (!roleIds.has(role)) {
            const at = ["guilds", g, "members", m, "roles"];
            ctx.addIssue({ code: "custom", path: at, message: `unknown role ${role}` });
          }
        }
      }
    }
  });
export type DiscordFixture = z.infer<typeof DiscordFixture>;
export type FixtureUser = DiscordFixture["users"][number];
export type FixtureGuild = DiscordFixture["guilds"][number];

export const defaultFixturePath = path.resolve(import.meta.dirname, "../../fixtures/discord.json");

/** Validates a fixture; errors list every problem with its path. */
export function parseFixture(value: unknown, source = "Discord fixture"): DiscordFixture {
  const parsed = DiscordFixture.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new Error(`Invalid ${source}:\n${problems.join("\n")}`);
  }
  return parsed.data;
}

export function loadFixture(file = defaultFixturePath): DiscordFixture {
  return parseFixture(JSON.parse(readFileSync(file, "utf8")), file);
}
