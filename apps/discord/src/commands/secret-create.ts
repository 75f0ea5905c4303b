import { renderSecretCreated } from "../render/secrets";
import { namespaceOption } from "./autocomplete";
import type { ClusterSubcommand } from "./cluster/types";
import { clusterOf, withCluster } from "./job-options";
import { readSecretFile, withSecretFile } from "./secret-options";

const TYPES = ["Opaque", "kubernetes.io/dockerconfigjson", "kubernetes.io/tls"] as const;

/**
 * `/secret create name: namespace: data:<file> [type:] [cluster:]`:
 * secrets.create with the attached file's text, as the web's upload sends
 * it. The file is read into memory for that one call and never kept.
 */
export const createSubcommand: ClusterSubcommand = {
  name: "create",
  description: "Store a secret in the vault from a .env, YAML or JSON file (values are never shown)",
  options: (sub) =>
    withCluster(
      withSecretFile(
        sub
          .addStringOption((o) =>
            o
              .setName("name")
              .setDescription("The secret's name (lowercase letters, digits, '-' and '.')")
              .setRequired(true)
              .setMaxLength(253),
          )
          .addStringOption((o) =>
            namespaceOption(o, "Its home namespace: where /secret apply puts it", true),
          ),
        "data",
        "The values: a .env, YAML or JSON file",
        true,
      ).addStringOption((o) =>
        o
          .setName("type")
          .setDescription("The Kubernetes Secret type (default: Opaque)")
          .addChoices(...TYPES.map((t) => ({ name: t, value: t }))),
      ),
    ),
  async execute({ interaction, api }) {
    const { options } = interaction;
    const file = options.getAttachment("data", true);
    const values = await readSecretFile(file);
    const cluster = await clusterOf(api, interaction);
    const type = (options.getString("type") ?? "Opaque") as (typeof TYPES)[number];
    const out = await api.secrets.create.mutate({
      name: options.getString("name", true).trim(),
      clusterId: cluster.id,
      namespace: options.getString("namespace", true).trim(),
      type,
      values,
    });
    return { embeds: [renderSecretCreated(out, { clusterName: cluster.name, filename: file.name })] };
  },
};
