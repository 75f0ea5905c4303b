"use client";
import type { ClusterSummary } from "@clustercord/contracts";
import { EmptyState, ErrorNotice } from "@clustercord/ui";
import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";
import { GrantForm } from "./grant-form";
import { TenantItem } from "./tenant-item";

/**
 * "Servers with access" on a shared cluster: the owner sees every server
 * (and its admins manage them); a granted server sees only its own row.
 */
export function TenantsPanel({ cluster, canManage }: { cluster: ClusterSummary; canManage: boolean }) {
  const trpc = useTRPC();
  const headingId = useId();
  const tenants = useQuery(trpc.tenants.list.queryOptions({ clusterId: cluster.id }));
  return (
    <section className="cc-cluster-section" aria-labelledby={headingId}>
      <h3 id={headingId}>Servers with access</h3>
      <p className="cc-muted">
        {cluster.owned
          ? "Each server works only in its own namespace, within the quota set here."
          : "This server works only in its own namespace here, within the quota the owning server set."}
      </p>
      {tenants.isPending && <p className="cc-muted">Loading…</p>}
      {tenants.error && <ErrorNotice>{userMessage(tenants.error)}</ErrorNotice>}
      {tenants.data &&
        (tenants.data.tenants.length ? (
          <ul className="cc-tenant-list" aria-label={`Servers with access to ${cluster.name}`}>
            {tenants.data.tenants.map((t) => (
              <TenantItem key={t.guildId} clusterId={cluster.id} tenant={t} canManage={canManage} />
            ))}
          </ul>
        ) : (
          <EmptyState>No servers have access yet.</EmptyState>
        ))}
      {canManage && <GrantForm cluster={cluster} />}
    </section>
  );
}
