import type {
  ApplicationCommandOptionChoiceData,
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  SlashCommandBuilder,
} from "discord.js";
import type { ApiClient } from "../../api-client";
import type { AttachmentLike } from "../../attachment-text";
import { clusterOption, clusterOrNamespaceChoices, namespaceOption } from "../autocomplete";

type Interaction = ChatInputCommandInteraction<"cached" | "raw">;

/** Attachment options: `file` and up to four more (a zip or tar carries a whole directory). */
export const FILE_OPTIONS = ["file", "file2", "file3", "file4", "file5"] as const;

/** The options /validate and /apply share: the files, the default namespace and the cluster. */
export function withManifestOptions(
  builder: SlashCommandBuilder,
  verb: string,
  more?: (builder: SlashCommandBuilder) => void,
): SlashCommandBuilder {
  for (const name of FILE_OPTIONS) {
    builder.addAttachmentOption((o) =>
      name === "file"
        ? o
            .setName(name)
            .setDescription(`YAML or JSON manifests to ${verb}, or a .zip/.tar/.tgz of them (1 MiB in all)`)
            .setRequired(true)
        : o.setName(name).setDescription("Another manifest file or archive"),
    );
  }
  builder.addStringOption((o) =>
    namespaceOption(o, "The namespace for objects that name none (default: default)", false),
  );
  more?.(builder);
  builder.addStringOption((o) => clusterOption(o, false));
  return builder;
}

/** The attached files, in option order. */
export function attachedFiles(interaction: Interaction): AttachmentLike[] {
  return FILE_OPTIONS.map((n) => interaction.options.getAttachment(n)).filter(
    (a): a is NonNullable<typeof a> => a !== null,
  );
}

export const optionalString = (interaction: Interaction, name: string) =>
  interaction.options.getString(name)?.trim() || undefined;

/** Autocomplete for `cluster` and `namespace`, as every cluster command offers them. */
export async function manifestChoices(
  api: ApiClient,
  interaction: AutocompleteInteraction<"cached" | "raw">,
): Promise<ApplicationCommandOptionChoiceData[]> {
  const focused = interaction.options.getFocused(true);
  if (focused.name !== "cluster" && focused.name !== "namespace") return [];
  return clusterOrNamespaceChoices(
    api,
    focused.name,
    String(focused.value).slice(0, 100),
    interaction.options.getString("cluster")?.trim() || undefined,
  );
}
