import type { ClusterSummary, Tenant, TenantInvitation, TenantQuota } from "@clustercord/contracts";
import { type APIEmbed, type APIEmbedField, TimestampStyles, time } from "discord.js";
import { code, colors, fitFields, plain } from "./style";

export const PENDING_FIRST_USE = "pending first use";
export const INVITED = "invited, not accepted yet";

const relative = (iso: string | null) => {
  const at = iso ? new Date(iso) : null;
  return at && !Number.isNaN(at.getTime()) ? time(at, TimestampStyles.RelativeTime) : null;
};

const quotaLine = (quota: TenantQuota) =>
  `Quota: ${plain(quota.requestsCpu, 20)} CPU · ${plain(quota.requestsMemory, 20)} memory · ${quota.pods} pods`;

/** A server's place on a shared cluster: namespace, quota, egress, and whether it accepted and was set up. */
export function describeTenant(tenant: Tenant): string {
  const applied = relative(tenant.appliedAt);
  const state =
    tenant.status === "invited" ? `✉️ ${INVITED}` : applied ? `set up ${applied}` : `⏳ ${PENDING_FIRST_USE}`;
  return [
    `Server id ${code(tenant.guildId, 30)} · namespace ${code(tenant.namespace, 80)}`,
    quotaLine(tenant.quota),
    `Internet egress: ${tenant.internetEgress ? "on" : "off"} · ${state}`,
  ].join("\n");
}

const tenantName = (tenant: Tenant) => `${plain(tenant.guildName, 200)}${tenant.owner ? " (owner)" : ""}`;

function tenantField(tenant: Tenant): APIEmbedField {
  return { name: tenantName(tenant), value: describeTenant(tenant) };
}

/** `/cluster servers`: the servers with access (a granted server sees only itself). */
export function renderTenants(clusterName: string, tenants: Tenant[]): APIEmbed {
  const title = `Servers on ${plain(clusterName, 200)}`;
  if (tenants.length === 0) {
    return { title, color: colors.brand, description: "No server has access to this cluster." };
  }
  const { fields, omitted } = fitFields(tenants.map(tenantField));
  return {
    title,
    color: colors.brand,
    fields,
    ...(omitted ? { footer: { text: `and ${omitted} more` } } : {}),
  };
}

/** After a grant or an update: what the server now has. */
export function renderTenantChange(
  change: "granted" | "updated",
  clusterName: string,
  tenant: Tenant,
): APIEmbed {
  const title =
    change === "granted"
      ? `Granted ${plain(tenant.guildName, 100)} access to ${plain(clusterName, 40)}`
      : `Updated ${plain(tenant.guildName, 100)} on ${plain(clusterName, 40)}`;
  const note =
    change === "granted" && tenant.status === "invited"
      ? "\n\nThat server sees nothing of the cluster until one of its admins accepts (`/cluster invitations` or the Clusters page); its namespace is created on its first use after that."
      : "";
  return { title, color: colors.ok, description: `${describeTenant(tenant)}${note}` };
}

/** `/cluster invitations`: the shared clusters other servers invited this one to, and how to answer. */
export function renderInvitations(guildName: string | undefined, invitations: TenantInvitation[]): APIEmbed {
  const title = `Invitations for ${plain(guildName ?? "this server", 200)}`;
  if (invitations.length === 0) {
    return { title, color: colors.brand, description: "No pending invitations." };
  }
  const { fields, omitted } = fitFields(
    invitations.map(
      (inv): APIEmbedField => ({
        name: `${plain(inv.clusterName, 40)} from ${plain(inv.ownerGuildName, 150)}`,
        value: [
          `Cluster id ${code(inv.clusterId, 40)} · namespace ${code(inv.namespace, 80)}`,
          quotaLine(inv.quota),
          `Internet egress: ${inv.internetEgress ? "on" : "off"}`,
          `Invited by ${plain(inv.invitedBy.displayName, 100)}${relative(inv.invitedAt) ? ` ${relative(inv.invitedAt)}` : ""}`,
          `\`/cluster accept cluster:${inv.clusterId}\` or \`/cluster decline cluster:${inv.clusterId}\``,
        ].join("\n"),
      }),
    ),
  );
  return {
    title,
    color: colors.brand,
    description:
      "Accepting lets this server's members use the cluster in their own namespace; the owning server's admins set its quota.",
    fields,
    ...(omitted ? { footer: { text: `and ${omitted} more` } } : {}),
  };
}

/** After accepting: the cluster is now listed here; what this server has on it. */
export function renderAccepted(cluster: ClusterSummary, tenant: Tenant): APIEmbed {
  return {
    title: `Joined ${plain(cluster.name, 40)}`,
    color: colors.ok,
    description: `${describeTenant(tenant)}\n\nIts namespace is created on first use, e.g. \`/cluster namespaces name:${cluster.name}\`.`,
  };
}
