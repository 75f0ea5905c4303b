import type {
  ApplicationCommandOptionChoiceData,
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  InteractionEditReplyOptions,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { ApiClient } from "../api-client";

export interface CommandContext<I> {
  interaction: I;
  /** The API, called as the person who used the command, in the guild they used it in. */
  api: ApiClient;
  /** The web dashboard's address (PUBLIC_URL), for links to its pages; undefined when the worker was not given it. */
  webUrl?: string | undefined;
}

/**
 * A slash command. The worker defers the reply before `execute` (API calls can
 * take longer than Discord's 3 s), then edits it with what `execute` returns;
 * errors thrown become an ephemeral error reply.
 */
export interface SlashCommand {
  definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** Whether the reply is visible only to the caller. */
  ephemeral: boolean;
  execute(
    ctx: CommandContext<ChatInputCommandInteraction<"cached" | "raw">>,
  ): Promise<InteractionEditReplyOptions>;
  /**
   * Choices for the option being typed (`interaction.options.getFocused(true)`),
   * for options defined with `autocomplete: true`. The worker answers with at
   * most 25 of them, or none when this fails or takes too long (Discord waits 3 s).
   */
  autocomplete?(
    ctx: CommandContext<AutocompleteInteraction<"cached" | "raw">>,
  ): Promise<ApplicationCommandOptionChoiceData[]>;
}

/**
 * A button on a message the worker sent, matched by the custom id's prefix
 * (`<prefix>:<arg>:<arg>`). The worker defers the update, then edits the
 * message with what `execute` returns.
 */
export interface ButtonHandler {
  prefix: string;
  /**
   * Also clickable in the person's DM with the bot (alert DMs), where there is no server: the
   * handler picks the server it acts in with `apiIn`.
   */
  dm?: boolean;
  /** True for clicks whose answer goes to the clicker alone as a follow-up (the clicked message stays). */
  followUp?(args: readonly string[]): boolean;
  execute(
    ctx: CommandContext<ButtonInteraction<"cached" | "raw">> & {
      args: string[];
      /** The API as the clicker acting in this server (a DM click has none of its own). */
      apiIn(guildId: string): ApiClient;
    },
  ): Promise<InteractionEditReplyOptions>;
}
