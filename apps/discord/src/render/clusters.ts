import type {
  ClusterHealth,
  ClusterSummary,
  ClustersAddOutput,
  ClustersSetupOutput,
} from "@clustercord/contracts";
import type { APIEmbed, APIEmbedField, AttachmentPayload } from "discord.js";
import { code, colors, fitFields, plain } from "./style";

/** One cluster of `/cluster list`: its status, or why the status could not be had. */
export type ClusterListEntry =
  | { cluster: ClusterSummary; health: ClusterHealth }
  | { cluster: ClusterSummary; error: string };

export const INSECURE_NOTE = "⚠ TLS verification is off for this cluster (an admin opted in)";

/** The same words as the web page's badge. */
export function sharingLabel(cluster: ClusterSummary): string {
  if (!cluster.shared) return "dedicated";
  return cluster.owned ? "shared by this server" : "granted to this server";
}

/** One line: healthy / cannot impersonate / unreachable, with version and nodes. */
export function describeHealth(h: ClusterHealth): string {
  if (!h.reachable) return `🔴 unreachable: ${plain(h.problem ?? "no answer", 300)}`;
  const state = h.canImpersonate ? "🟢 healthy" : "🟠 cannot impersonate";
  return `${state} · Kubernetes ${plain(h.version ?? "?", 40)} · ${h.nodeCount ?? "?"} nodes`;
}

const isHealthy = (h: ClusterHealth) => h.reachable && h.canImpersonate;

function listField(entry: ClusterListEntry): APIEmbedField {
  const { cluster } = entry;
  const lines = [
    "health" in entry ? describeHealth(entry.health) : `⚠️ status unavailable: ${plain(entry.error, 300)}`,
    `${code(cluster.server, 300)} · ${sharingLabel(cluster)}`,
    ...(cluster.insecure ? [INSECURE_NOTE] : []),
  ];
  return { name: plain(cluster.name, 256), value: lines.join("\n") };
}

/** `/cluster list`: the server's clusters (its own and those granted to it) with the web page's status. */
export function renderClusters(entries: ClusterListEntry[], guildName?: string): APIEmbed {
  const title = guildName ? `Clusters in ${plain(guildName, 200)}` : "Clusters";
  if (entries.length === 0) {
    return {
      title,
      color: colors.brand,
      description: "No clusters yet. A server admin can add one with `/cluster add` or in the web dashboard.",
    };
  }
  const healthy = entries.every((e) => "health" in e && isHealthy(e.health));
  const { fields, omitted } = fitFields(entries.map(listField));
  return {
    title,
    color: healthy ? colors.ok : colors.error,
    fields,
    ...(omitted ? { footer: { text: `and ${omitted} more` } } : {}),
  };
}

/** `/cluster status`: one cluster's probe, field by field. */
export function renderClusterStatus({
  cluster,
  health,
}: {
  cluster: ClusterSummary;
  health: ClusterHealth;
}): APIEmbed {
  const fields: APIEmbedField[] = [
    { name: "Status", value: describeHealth(health) },
    { name: "Kubernetes", value: plain(health.version ?? "unknown", 40), inline: true },
    { name: "Nodes", value: health.nodeCount === null ? "unknown" : String(health.nodeCount), inline: true },
    { name: "Can impersonate", value: health.canImpersonate ? "yes" : "no", inline: true },
    { name: "API server", value: code(cluster.server, 1000) },
    { name: "Sharing", value: sharingLabel(cluster), inline: true },
    ...(cluster.insecure ? [{ name: "TLS", value: INSECURE_NOTE, inline: true }] : []),
  ];
  return {
    title: plain(cluster.name, 256),
    color: isHealthy(health) ? (cluster.insecure ? colors.warn : colors.ok) : colors.error,
    fields,
  };
}

/** `/cluster add`: what was stored, the health it was checked with, and the kubeconfig's warnings. */
export function renderClusterAdded({ cluster, health, warnings }: ClustersAddOutput): APIEmbed {
  const fields: APIEmbedField[] = [
    { name: "API server", value: code(cluster.server, 1000) },
    { name: "Sharing", value: sharingLabel(cluster), inline: true },
  ];
  if (warnings.length) {
    let value = "";
    for (const warning of warnings) {
      const line = `⚠️ ${plain(warning, 500)}`;
      if (value.length + line.length + 1 > 1000) break;
      value = value ? `${value}\n${line}` : line;
    }
    fields.push({ name: "Warnings", value });
  }
  return {
    title: `Added ${plain(cluster.name, 200)}`,
    color: warnings.length || cluster.insecure ? colors.warn : colors.ok,
    description: `Added ${plain(cluster.name, 40)}: Kubernetes ${plain(health.version ?? "?", 40)}, ${health.nodeCount ?? "?"} nodes.`,
    fields,
  };
}

/**
 * `/cluster setup`: the commands in the embed, the manifest as the file they
 * apply (too long for a message, and a file is what kubectl wants).
 */
export function renderClusterSetup(setup: ClustersSetupOutput): {
  embeds: APIEmbed[];
  files: AttachmentPayload[];
} {
  const steps = setup.commands.map((command, i) => `${i + 1}. \`\`\`sh\n${command}\n\`\`\``);
  return {
    embeds: [
      {
        title: "Prepare a cluster for ClusterCord",
        color: colors.brand,
        description: [
          `Save the attached **${setup.filename}**, then run these as a cluster admin, in the same folder:`,
          ...steps,
          `Then add the cluster with **${setup.kubeconfigFilename}**: \`/cluster add\` or the web dashboard.`,
          "The manifest creates a service account that may impersonate people, read, and set up namespaces for servers; it cannot change workloads or Secrets.",
        ].join("\n"),
      },
    ],
    files: [{ attachment: Buffer.from(setup.manifest, "utf8"), name: setup.filename }],
  };
}
