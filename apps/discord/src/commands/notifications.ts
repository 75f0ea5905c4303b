import type { NotificationsUpdatePreferencesInput } from "@clustercord/contracts";
import { SlashCommandBuilder } from "discord.js";
import { renderNotifications, renderPreferences } from "../render/notifications";
import { colors } from "../render/style";
import { UserError } from "../user-error";
import type { SlashCommand } from "./types";

const RECENT = 10;

/**
 * `/notifications`: your own notifications and preferences, through the
 * same procedures as the web center and settings page. Replies are only
 * shown to you.
 */
export const notificationsCommand: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName("notifications")
    .setDescription("Your ClusterCord notifications and how you get them")
    .addSubcommand((s) =>
      s
        .setName("recent")
        .setDescription("Your latest notifications")
        .addBooleanOption((o) => o.setName("unread").setDescription("Only unread ones")),
    )
    .addSubcommand((s) => s.setName("read").setDescription("Mark all your notifications read"))
    .addSubcommand((s) =>
      s
        .setName("preferences")
        .setDescription("Show or change how you are notified")
        .addBooleanOption((o) => o.setName("dm").setDescription("Direct messages from the bot"))
        .addBooleanOption((o) => o.setName("email").setDescription("Mail to your confirmed address"))
        .addStringOption((o) =>
          o
            .setName("quiet_from")
            .setDescription("Quiet hours start, HH:MM (with quiet_until)")
            .setMaxLength(5),
        )
        .addStringOption((o) =>
          o.setName("quiet_until").setDescription("Quiet hours end, HH:MM (with quiet_from)").setMaxLength(5),
        )
        .addBooleanOption((o) => o.setName("quiet_off").setDescription("Switch quiet hours off"))
        .addStringOption((o) =>
          o.setName("timezone").setDescription("Your time zone, e.g. Europe/Berlin").setMaxLength(64),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName("email")
        .setDescription("Set the address for email notifications (a confirmation link is mailed)")
        .addStringOption((o) =>
          o
            .setName("address")
            .setDescription("Your email address, or 'none' to remove it")
            .setRequired(true)
            .setMaxLength(254),
        ),
    )
    .addSubcommand((s) => s.setName("test").setDescription("Send yourself a test notification"))
    .toJSON(),
  ephemeral: true,
  async execute({ interaction, api }) {
    const sub = interaction.options.getSubcommand(false);
    switch (sub) {
      case "recent": {
        const unreadOnly = interaction.options.getBoolean("unread") ?? false;
        const list = await api.notifications.list.query({ limit: RECENT, unreadOnly });
        return { embeds: [renderNotifications(list, { unreadOnly })] };
      }
      case "read": {
        const { marked } = await api.notifications.markRead.mutate({ all: true });
        return {
          embeds: [
            {
              color: colors.ok,
              description: marked ? `Marked ${marked} notification(s) read.` : "Nothing was unread.",
            },
          ],
        };
      }
      case "preferences": {
        const input: NotificationsUpdatePreferencesInput = {};
        const dm = interaction.options.getBoolean("dm");
        const email = interaction.options.getBoolean("email");
        const from = interaction.options.getString("quiet_from");
        const until = interaction.options.getString("quiet_until");
        const off = interaction.options.getBoolean("quiet_off");
        const timeZone = interaction.options.getString("timezone");
        if (dm !== null) input.discordDm = dm;
        if (email !== null) input.email = email;
        if (timeZone !== null) input.timeZone = timeZone;
        if (off) input.quietHours = null;
        else if (from !== null || until !== null) {
          if (from === null || until === null)
            throw new UserError("Give both quiet_from and quiet_until (HH:MM).");
          input.quietHours = { start: from, end: until };
        }
        const prefs = Object.keys(input).length
          ? await api.notifications.updatePreferences.mutate(input)
          : await api.notifications.preferences.query();
        return { embeds: [renderPreferences(prefs)] };
      }
      case "email": {
        const address = interaction.options.getString("address", true).trim();
        const remove = address.toLowerCase() === "none";
        const prefs = await api.notifications.setEmail.mutate({ email: remove ? null : address });
        return {
          embeds: [
            {
              color: colors.ok,
              description: remove
                ? "Your email address is removed; no mail will be sent."
                : "A confirmation link is on its way. Open it while signed in to ClusterCord on the web; until then nothing else is mailed there.",
            },
            renderPreferences(prefs),
          ],
        };
      }
      case "test": {
        const result = await api.notifications.sendTest.mutate({});
        return {
          embeds: [
            {
              color: colors.ok,
              description: result.sent
                ? `Test notification sent (${result.channels.join(", ")}).`
                : "A test notification was sent less than half a minute ago.",
            },
          ],
        };
      }
      default:
        throw new UserError(`/notifications has no subcommand ${sub ?? "(none given)"}.`);
    }
  },
};
