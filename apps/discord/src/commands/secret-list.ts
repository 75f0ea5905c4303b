import { renderSecretList, renderSecretVersions } from "../render/secrets";
import { namespaceOption } from "./autocomplete";
import { clusterNamed } from "./cluster/shared";
import type { ClusterSubcommand } from "./cluster/types";
import { optionalString, withCluster } from "./job-options";
import { clusterNames, withSecretName } from "./secret-options";

/** `/secret list [namespace:] [cluster:]`: secrets.list: names, keys, type, versions, when and where applied. */
export const listSubcommand: ClusterSubcommand = {
  name: "list",
  description: "The vault's secrets: names, keys, type, versions, where applied (never values)",
  options: (sub) =>
    withCluster(
      sub.addStringOption((o) => namespaceOption(o, "Only secrets whose home or a placement is here", false)),
    ),
  async execute({ interaction, api }) {
    const namespace = optionalString(interaction, "namespace");
    const clusterName = optionalString(interaction, "cluster");
    const clusterId = clusterName ? (await clusterNamed(api, clusterName)).id : undefined;
    const [{ secrets }, names] = await Promise.all([
      api.secrets.list.query({ ...(namespace ? { namespace } : {}), ...(clusterId ? { clusterId } : {}) }),
      clusterNames(api),
    ]);
    return { embeds: [renderSecretList(secrets, { namespace, clusterNames: names })] };
  },
};

/** `/secret versions name:`: secrets.versions: the kept versions, newest first, keys only. */
export const versionsSubcommand: ClusterSubcommand = {
  name: "versions",
  description: "A secret's kept versions: when, by whom, why, which keys",
  options: (sub) => withSecretName(sub),
  async execute({ interaction, api }) {
    const out = await api.secrets.versions.query({
      name: interaction.options.getString("name", true).trim(),
    });
    return { embeds: [renderSecretVersions(out)] };
  },
};
