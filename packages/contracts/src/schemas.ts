import { z } from "zod";
import { Role } from "./roles";

/** Discord snowflake: a decimal id of up to 20 digits. */
export const Snowflake = z.string().regex(/^\d{1,20}$/, "must be a Discord id (digits only)");

export const Via = z.enum(["web", "discord"]);
export type Via = z.infer<typeof Via>;

export const DiscordUser = z.object({
  id: Snowflake,
  username: z.string(),
  displayName: z.string(),
  avatarUrl: z.string().nullable(),
});
export type DiscordUser = z.infer<typeof DiscordUser>;

export const GuildSummary = z.object({
  id: Snowflake,
  name: z.string(),
  iconUrl: z.string().nullable(),
  role: Role,
  active: z.boolean(),
});
export type GuildSummary = z.infer<typeof GuildSummary>;

// me.get
export const MeOutput = z.object({
  user: DiscordUser,
  guild: z.object({ id: Snowflake, name: z.string(), role: Role }).nullable(),
  via: Via,
});
export type MeOutput = z.infer<typeof MeOutput>;

// guilds.list
/** A server of the person's without the bot, which they may add it to (owner, Administrator or Manage Server). */
export const InvitableGuild = z.object({
  id: Snowflake,
  name: z.string(),
  iconUrl: z.string().nullable(),
  /** Discord's authorize page for the bot, with BOT_PERMISSIONS, this server preselected. */
  inviteUrl: z.string(),
});
export type InvitableGuild = z.infer<typeof InvitableGuild>;
export const GuildsListOutput = z.object({
  guilds: z.array(GuildSummary),
  /** Web only: Discord tells the bot nothing of servers it is not in. */
  invitable: z.array(InvitableGuild),
});
export type GuildsListOutput = z.infer<typeof GuildsListOutput>;

// guilds.select
export const GuildsSelectInput = z.object({ guildId: Snowflake });
export const GuildsSelectOutput = z.object({ guild: GuildSummary });
export type GuildsSelectOutput = z.infer<typeof GuildsSelectOutput>;

// audit.list
export const AuditResult = z.enum(["ok", "error"]);
export const AuditEntry = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string(),
  actorName: z.string(),
  guildId: z.string().nullable(),
  action: z.string(),
  target: z.string(),
  via: Via,
  result: AuditResult,
  detail: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditListInput = z.object({
  limit: z.number().int().min(1).max(100).default(25),
  cursor: z
    .string()
    .regex(/^\d{1,19}$/)
    .optional(),
});
export const AuditListOutput = z.object({
  items: z.array(AuditEntry),
  nextCursor: z.string().nullable(),
});
export type AuditListOutput = z.infer<typeof AuditListOutput>;

// roles.list / roles.set: Discord roles -> ClusterCord roles, per guild
export const RoleMappingRow = z.object({
  discordRoleId: Snowflake,
  name: z.string(),
  /** The ClusterCord role this Discord role grants, if mapped. */
  mapped: Role.nullable(),
  /** Administrator or Manage Server: holders are admins whatever the mapping. */
  grantsAdmin: z.boolean(),
});
export type RoleMappingRow = z.infer<typeof RoleMappingRow>;
export const RolesListOutput = z.object({ roles: z.array(RoleMappingRow) });
export type RolesListOutput = z.infer<typeof RolesListOutput>;
export const RolesSetInput = z.object({ discordRoleId: Snowflake, role: z.union([Role, z.literal("none")]) });
export const RolesSetOutput = z.object({ role: RoleMappingRow });
