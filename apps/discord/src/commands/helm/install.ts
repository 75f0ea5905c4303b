import type { ClusterSubcommand } from "../cluster/types";
import { planReply } from "./operation";
import {
  clusterOf,
  optionalString,
  valuesOf,
  withCluster,
  withNamespace,
  withValues,
  withVersion,
} from "./options";
import { defaultNamespace, releaseNameFor } from "./release-ref";

/**
 * `/helm install chart:<repo/chart> [version] [namespace] [release] [values:<file>] [dry_run] [create_namespace]`:
 * helm.planInstall as the person; the plan with Confirm/Cancel (none on a dry run).
 */
export const installSubcommand: ClusterSubcommand = {
  name: "install",
  description: "Install a chart (shows what it creates first; asks to confirm)",
  options: (sub) => {
    sub.addStringOption((o) =>
      o
        .setName("chart")
        .setDescription("The chart as repo/chart, e.g. bitnami/nginx")
        .setRequired(true)
        .setMaxLength(160)
        .setAutocomplete(true),
    );
    withVersion(sub, "The chart version (default: the newest)");
    withNamespace(sub, "Where to install it (default: default, or your only namespace)");
    sub.addStringOption((o) =>
      o.setName("release").setDescription("The release's name (default: the chart's name)").setMaxLength(53),
    );
    withValues(sub, "A values.yaml file (at most 256 KiB)");
    sub.addBooleanOption((o) => o.setName("dry_run").setDescription("Only show what would change"));
    sub.addBooleanOption((o) =>
      o.setName("create_namespace").setDescription("Create the namespace if it does not exist"),
    );
    return withCluster(sub);
  },
  async execute({ interaction, api }) {
    // The file first: a file too large is refused before anything is asked of the API.
    const values = await valuesOf(interaction);
    const cluster = await clusterOf(api, interaction);
    const chart = interaction.options.getString("chart", true).trim();
    const version = optionalString(interaction, "version");
    const namespace =
      optionalString(interaction, "namespace") ??
      defaultNamespace((await api.namespaces.list.query({ clusterId: cluster.id })).namespaces);
    const plan = await api.helm.planInstall.mutate({
      clusterId: cluster.id,
      namespace,
      release: optionalString(interaction, "release") ?? releaseNameFor(chart),
      chart,
      createNamespace: interaction.options.getBoolean("create_namespace") ?? false,
      ...(version ? { version } : {}),
      ...(values !== undefined ? { values } : {}),
    });
    return planReply(plan, { dryRun: interaction.options.getBoolean("dry_run") ?? false });
  },
};
