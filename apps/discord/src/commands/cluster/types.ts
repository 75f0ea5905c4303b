import type {
  ChatInputCommandInteraction,
  InteractionEditReplyOptions,
  SlashCommandSubcommandBuilder,
} from "discord.js";
import type { CommandContext } from "../types";

/** One `/cluster <name>` subcommand: its options, and what it does (one API procedure, mostly). */
export interface ClusterSubcommand {
  name: string;
  /** At most 100 characters (Discord). */
  description: string;
  options?(sub: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder;
  execute(
    ctx: CommandContext<ChatInputCommandInteraction<"cached" | "raw">>,
  ): Promise<InteractionEditReplyOptions>;
}
