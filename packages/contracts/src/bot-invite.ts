/**
 * What the bot needs in a server, and nothing more: slash commands and
 * their replies need no permission at all (interactions); channel
 * notifications need to see the channel, send, embed and attach.
 */
export const BOT_PERMISSION_FLAGS = {
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
} as const;

export const BOT_PERMISSIONS = Object.values(BOT_PERMISSION_FLAGS)
  .reduce((a, b) => a | b, 0n)
  .toString();

/** Discord's scopes for the bot: the bot user and its slash commands. */
export const BOT_SCOPES = ["bot", "applications.commands"] as const;

/** The link that adds the bot to a server (Discord's OAuth2 authorize page); `guildId` preselects one. */
export function botInviteUrl(webBase: string, clientId: string, guildId?: string): string {
  const url = new URL("/oauth2/authorize", webBase);
  url.searchParams.set("client_id", clientId);
  url.searchParams.set("scope", BOT_SCOPES.join(" "));
  url.searchParams.set("permissions", BOT_PERMISSIONS);
  if (guildId) {
    url.searchParams.set("guild_id", guildId);
    url.searchParams.set("disable_guild_select", "true");
  }
  return url.toString();
}
