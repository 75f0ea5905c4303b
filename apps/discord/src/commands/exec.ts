import {
  commandTooLong,
  EXEC_TIMEOUT_SECONDS,
  joinCommandLine,
  splitCommandLine,
} from "@clustercord/contracts";
import { SlashCommandBuilder } from "discord.js";
import { renderExec } from "../render/exec";
import { UserError } from "../user-error";
import { clusterOption, namespaceOption } from "./autocomplete";
import { clusterNamed } from "./cluster/shared";
import { logsCommand } from "./logs";
import type { SlashCommand } from "./types";

/**
 * `/exec cluster:<c> namespace:<ns> pod:<p> command:<line> [container:<c>]`:
 * pods.exec as the person who typed it (operators and admins; the cluster's
 * RBAC decides), shown only to them, with the command as it was run. The command line is split as a shell
 * would split it (quotes, backslashes) but runs without a shell; `sh -c '…'`
 * gives one. Discord wants required options first, so `container` comes last.
 */
export const execCommand: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName("exec")
    .setDescription(`Run a command once in a pod's container (at most ${EXEC_TIMEOUT_SECONDS} s)`)
    .addStringOption(clusterOption)
    .addStringOption((o) => namespaceOption(o))
    .addStringOption((o) =>
      o.setName("pod").setDescription("The pod").setRequired(true).setMaxLength(253).setAutocomplete(true),
    )
    .addStringOption((o) =>
      o
        .setName("command")
        .setDescription("The command and its arguments, quoted as in a shell (no shell: use sh -c '…')")
        .setRequired(true)
        .setMaxLength(6000),
    )
    .addStringOption((o) =>
      o
        .setName("container")
        .setDescription("The container (default: the pod's first)")
        .setMaxLength(63)
        .setAutocomplete(true),
    )
    .toJSON(),
  ephemeral: true,
  async execute({ interaction, api }) {
    const commandLine = interaction.options.getString("command", true);
    const split = splitCommandLine(commandLine);
    if (!split.ok) throw new UserError(split.message);
    // Said here as the API says it: an argument over 4 KiB would otherwise fail the input schema first.
    const tooLong = commandTooLong(split.argv);
    if (tooLong) throw new UserError(tooLong);
    const cluster = await clusterNamed(api, interaction.options.getString("cluster", true));
    const namespace = interaction.options.getString("namespace", true).trim();
    const pod = interaction.options.getString("pod", true).trim();
    const container = interaction.options.getString("container")?.trim();
    const result = await api.pods.exec.mutate({
      clusterId: cluster.id,
      namespace,
      pod,
      ...(container ? { container } : {}),
      command: split.argv,
    });
    return renderExec(result, {
      clusterName: cluster.name,
      namespace,
      pod,
      commandLine: joinCommandLine(split.argv),
    });
  },
  // The same choices as /logs: the person's clusters, namespaces, pods and the pod's containers.
  autocomplete: (ctx) => logsCommand.autocomplete?.(ctx) ?? Promise.resolve([]),
};
