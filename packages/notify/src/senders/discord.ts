import { AppError } from "@clustercord/contracts";
import { DiscordAPIError, HTTPError, REST } from "@discordjs/rest";
import type { DiscordMessage } from "../discord-message";

export interface DiscordSender {
  /** Opens (or reuses) the DM channel with a person and posts the message there. */
  sendDm(userId: string, message: DiscordMessage): Promise<{ messageId: string }>;
  /** Posts the message to a guild channel the bot can write in. */
  postToChannel(channelId: string, message: DiscordMessage): Promise<{ messageId: string }>;
}

// Discord error codes that no retry can fix (https://discord.com/developers/docs/topics/opcodes-and-status-codes).
const permanent: Record<number, string> = {
  10003: "the channel does not exist",
  10013: "the Discord user does not exist",
  50001: "the bot has no access to the channel",
  50007: "Discord does not let the bot message this person (no shared server, or DMs closed)",
  50013: "the bot lacks permission to post there",
  50033: "the Discord user cannot receive messages",
  50035: "Discord refused the message as invalid",
};

/** A failed Discord call as an AppError: permanent ones are not retried; the message names no token or content. */
export function discordFailure(error: unknown, what: string): AppError {
  if (error instanceof DiscordAPIError) {
    const code = typeof error.code === "number" ? error.code : Number(error.code);
    const reason = permanent[code];
    if (reason || (error.status >= 400 && error.status < 500 && error.status !== 429))
      return new AppError(error.status === 404 ? "NOT_FOUND" : "FORBIDDEN", {
        message: `Discord ${what}: ${reason ?? `HTTP ${error.status} (code ${code})`}`,
      });
    return new AppError("UPSTREAM", { message: `Discord ${what}: HTTP ${error.status} (code ${code})` });
  }
  if (error instanceof HTTPError)
    return new AppError("UPSTREAM", { message: `Discord ${what}: HTTP ${error.status}` });
  const name = error instanceof Error ? error.name : typeof error;
  return new AppError("UPSTREAM", { message: `Discord ${what}: no answer (${name})` });
}

/**
 * Sends as the bot through Discord's REST API with @discordjs/rest, which
 * queues per route and waits out 429s (route and global) as Discord asks.
 */
export function createDiscordSender(options: {
  apiBase: string;
  botToken: string;
  /** Per-request timeout; the delivery job retries a timed-out send. */
  timeoutMs?: number;
}): DiscordSender {
  const rest = new REST({
    api: options.apiBase,
    version: "10",
    retries: 1,
    timeout: options.timeoutMs ?? 15_000,
  });
  rest.setToken(options.botToken);
  const dmChannels = new Map<string, string>();

  const post = async (channelId: string, message: DiscordMessage) => {
    const answer = (await rest.post(`/channels/${channelId}/messages`, {
      body: message.body,
      ...(message.files.length
        ? { files: message.files.map((f) => ({ name: f.name, data: f.data, contentType: f.contentType })) }
        : {}),
    })) as { id: string };
    return { messageId: answer.id };
  };

  return {
    async sendDm(userId, message) {
      let channelId = dmChannels.get(userId);
      if (!channelId) {
        try {
          const channel = (await rest.post("/users/@me/channels", { body: { recipient_id: userId } })) as {
            id: string;
          };
          channelId = channel.id;
        } catch (error) {
          throw discordFailure(error, "opening a DM");
        }
        dmChannels.set(userId, channelId);
      }
      try {
        return await post(channelId, message);
      } catch (error) {
        dmChannels.delete(userId);
        throw discordFailure(error, "sending a DM");
      }
    },
    async postToChannel(channelId, message) {
      try {
        return await post(channelId, message);
      } catch (error) {
        throw discordFailure(error, "posting to a channel");
      }
    },
  };
}
