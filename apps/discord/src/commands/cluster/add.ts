import { MAX_KUBECONFIG_BYTES } from "@clustercord/contracts";
import { renderClusterAdded } from "../../render/clusters";
import { downloadText } from "./download";
import type { ClusterSubcommand } from "./types";

/**
 * `/cluster add name:<n> kubeconfig:<file> shared:<bool> [context] [allow-insecure]`:
 * clusters.add with the attached file's text, exactly as the web form sends it.
 */
export const addSubcommand: ClusterSubcommand = {
  name: "add",
  description: "Add a Kubernetes cluster from a kubeconfig file (admins)",
  options: (sub) =>
    sub
      .addStringOption((o) =>
        o
          .setName("name")
          .setDescription("Lowercase letters, digits and dashes")
          .setRequired(true)
          .setMaxLength(40),
      )
      .addAttachmentOption((o) =>
        o
          .setName("kubeconfig")
          .setDescription(`The kubeconfig file (at most ${MAX_KUBECONFIG_BYTES / 1024} KiB)`)
          .setRequired(true),
      )
      .addBooleanOption((o) =>
        o
          .setName("shared")
          .setDescription("Other servers may be granted their own namespaces on it")
          .setRequired(true),
      )
      .addStringOption((o) =>
        o
          .setName("context")
          .setDescription("Which context to use (default: the kubeconfig's current context)")
          .setMaxLength(253),
      )
      .addBooleanOption((o) =>
        o
          .setName("allow-insecure")
          .setDescription("Accept TLS verification off, where the operator allows it (shown as a warning)"),
      ),
  async execute({ interaction, api }) {
    const { options } = interaction;
    const kubeconfig = await downloadText(options.getAttachment("kubeconfig", true), MAX_KUBECONFIG_BYTES);
    const context = options.getString("context");
    const added = await api.clusters.add.mutate({
      name: options.getString("name", true),
      kubeconfig,
      shared: options.getBoolean("shared", true),
      allowInsecure: options.getBoolean("allow-insecure") ?? false,
      ...(context ? { context } : {}),
    });
    return { embeds: [renderClusterAdded(added)] };
  },
};
