import type { Tenant } from "@clustercord/contracts";
import { type APIEmbed, type APIEmbedField, TimestampStyles, time } from "discord.js";
import { code, colors, fitFields, plain } from "./style";

export const PENDING_FIRST_USE = "pending first use";

/** A server's place on a shared cluster: namespace, quota, egress and when it was set up. */
export function describeTenant(tenant: Tenant): string {
  const { quota } = tenant;
  const applied = tenant.appliedAt ? new Date(tenant.appliedAt) : null;
  const setUp =
    applied && !Number.isNaN(applied.getTime())
      ? `set up ${time(applied, TimestampStyles.RelativeTime)}`
      : `⏳ ${PENDING_FIRST_USE}`;
  return [
    `Server id ${code(tenant.guildId, 30)} · namespace ${code(tenant.namespace, 80)}`,
    `Quota: ${plain(quota.requestsCpu, 20)} CPU · ${plain(quota.requestsMemory, 20)} memory · ${quota.pods} pods`,
    `Internet egress: ${tenant.internetEgress ? "on" : "off"} · ${setUp}`,
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
    change === "granted" && !tenant.appliedAt
      ? "\n\nIts namespace is created when someone in that server first uses the cluster."
      : "";
  return { title, color: colors.ok, description: `${describeTenant(tenant)}${note}` };
}
