import { SlashCommandBuilder } from "discord.js";
import { UserError } from "../user-error";
import type { ClusterSubcommand } from "./cluster/types";
import type { SlashCommand } from "./types";

/**
 * A command made of subcommands (`/cluster`, `/helm`, `/policy`, `/cost`):
 * its definition, in the order Discord lists them, and the dispatch by name.
 */
export function subcommandGroup(
  name: string,
  description: string,
  subcommands: readonly ClusterSubcommand[],
): Pick<SlashCommand, "definition" | "execute"> {
  const builder = new SlashCommandBuilder().setName(name).setDescription(description);
  for (const s of subcommands) {
    builder.addSubcommand((sub) => {
      const named = sub.setName(s.name).setDescription(s.description);
      return s.options ? s.options(named) : named;
    });
  }
  const byName = new Map(subcommands.map((s) => [s.name, s]));
  return {
    definition: builder.toJSON(),
    async execute(ctx) {
      const chosen = ctx.interaction.options.getSubcommand(false);
      const sub = chosen ? byName.get(chosen) : undefined;
      if (!sub) throw new UserError(`/${name} has no subcommand ${chosen ?? "(none given)"}.`);
      return sub.execute(ctx);
    },
  };
}
