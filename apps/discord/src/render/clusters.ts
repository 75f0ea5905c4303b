import type { ClustersStatusOutput } from "@clustercord/contracts";
import type { APIEmbed } from "discord.js";
import { colors, plain } from "./style";

const MAX_FIELDS = 25;

function describeHealth(status: ClustersStatusOutput): string {
  const h = status.health;
  const sharing = status.cluster.shared ? (status.cluster.owned ? "shared" : "granted") : "dedicated";
  if (!h.reachable) return `🔴 unreachable: ${plain(h.problem ?? "no answer", 200)}`;
  const state = h.canImpersonate ? "🟢 healthy" : "🟠 cannot impersonate";
  return `${state} · Kubernetes ${h.version ?? "?"} · ${h.nodeCount ?? "?"} nodes · ${sharing}`;
}

/** `/clusters`: the server's clusters with the same status the web page shows. */
export function renderClusters(statuses: ClustersStatusOutput[], guildName?: string): APIEmbed {
  const title = guildName ? `Clusters in ${plain(guildName, 200)}` : "Clusters";
  if (statuses.length === 0) {
    return {
      title,
      color: colors.brand,
      description: "No clusters yet. A server admin can add one in the web dashboard.",
    };
  }
  const healthy = statuses.every((s) => s.health.reachable && s.health.canImpersonate);
  return {
    title,
    color: healthy ? colors.ok : colors.error,
    fields: statuses.slice(0, MAX_FIELDS).map((s) => ({
      name: plain(s.cluster.name, 256),
      value: describeHealth(s),
    })),
    ...(statuses.length > MAX_FIELDS ? { footer: { text: `and ${statuses.length - MAX_FIELDS} more` } } : {}),
  };
}
