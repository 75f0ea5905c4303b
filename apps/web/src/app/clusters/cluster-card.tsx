"use client";
import type { ClusterSummary, Role } from "@clustercord/contracts";
import { Badge } from "@clustercord/ui";
import Link from "next/link";
import { useId } from "react";
import { ClusterStatus } from "./cluster-status";
import { LeaveCluster } from "./leave-cluster";
import { NamespacesSection } from "./namespaces-section";
import { RemoveCluster } from "./remove-cluster";
import { RenameCluster } from "./rename-dialog";
import { TenantsPanel } from "./tenants-panel";

const sharing = (c: ClusterSummary) =>
  c.shared ? (c.owned ? "shared by this server" : "granted to this server") : "dedicated";

/**
 * One cluster: status, the admin actions (the owner's: rename, remove; a
 * granted server's: leave), namespaces and (when shared) the servers with access.
 */
export function ClusterCard({ cluster, role }: { cluster: ClusterSummary; role: Role | undefined }) {
  const headingId = useId();
  const ownerAdmin = role === "admin" && cluster.owned;
  const guestAdmin = role === "admin" && !cluster.owned;
  return (
    <section className="cc-card cc-cluster" aria-labelledby={headingId}>
      <header className="cc-cluster-header">
        <h2 id={headingId}>{cluster.name}</h2>
        <span className="cc-inline">
          {cluster.insecure && <Badge tone="warn">TLS off</Badge>}
          <Badge tone={cluster.shared ? "accent" : "neutral"}>{sharing(cluster)}</Badge>
        </span>
      </header>
      <dl className="cc-facts">
        <dt>Status</dt>
        <dd>
          <ClusterStatus cluster={cluster} />
        </dd>
        <dt>API server</dt>
        <dd className="cc-muted">{cluster.server}</dd>
      </dl>
      <span className="cc-inline">
        <Link className="cc-button cc-button-secondary cc-cluster-link" href={`/clusters/${cluster.id}`}>
          Overview
        </Link>
        <Link className="cc-button cc-button-secondary cc-cluster-link" href={`/clusters/${cluster.id}/pods`}>
          Browse pods
        </Link>
        <Link
          className="cc-button cc-button-secondary cc-cluster-link"
          href={`/clusters/${cluster.id}/resources`}
        >
          Browse resources
        </Link>
      </span>
      {ownerAdmin && (
        <div className="cc-cluster-actions">
          <RenameCluster cluster={cluster} />
          <RemoveCluster cluster={cluster} />
        </div>
      )}
      {guestAdmin && (
        <div className="cc-cluster-actions">
          <LeaveCluster cluster={cluster} />
        </div>
      )}
      <NamespacesSection cluster={cluster} role={role} />
      {cluster.shared && <TenantsPanel cluster={cluster} canManage={ownerAdmin} />}
    </section>
  );
}
