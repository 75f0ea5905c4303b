import type { DiscordStandIn } from "@clustercord/testenv/discord";
import { loadWebEnv } from "../src/server/env";

/**
 * The web server's settings for a test: its port, its database, the Discord
 * stand-in (API, OAuth client, bot) and the worker's service token; `extra`
 * adds or overrides settings.
 */
export function testWebEnv(options: {
  port: number;
  db: { url: string | undefined; dataDir: string | undefined };
  discord: DiscordStandIn;
  serviceToken: string;
  extra?: Record<string, string>;
}) {
  const { port, db, discord } = options;
  const oauth = discord.fixture.oauthClients[0];
  if (!oauth) throw new Error("fixture without an OAuth client");
  return loadWebEnv({
    NODE_ENV: "test",
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: db.url,
    DATA_DIR: db.dataDir,
    DISCORD_CLIENT_ID: oauth.clientId,
    DISCORD_CLIENT_SECRET: oauth.clientSecret,
    DISCORD_BOT_TOKEN: discord.fixture.bot.token,
    DISCORD_API_BASE: discord.apiBase,
    DISCORD_WEB_BASE: discord.webBase,
    WORKER_SERVICE_TOKEN: options.serviceToken,
    // One line per request is noise in a test's output; warnings and errors still show.
    LOG_LEVEL: "warn",
    ...options.extra,
  });
}
