"use client";
import type { ClusterSummary } from "@clustercord/contracts";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { summarizeNodes } from "~/app/clusters/[clusterId]/overview";
import { ClusterStatus } from "~/app/clusters/cluster-status";
import { useTRPC } from "~/lib/trpc";

/**
 * Nodes Ready/NotReady from the shared cache (resources.list). Those who
 * may not list nodes (tenants) see the probe's node count only.
 */
function NodeReadiness({ clusterId }: { clusterId: string }) {
  const trpc = useTRPC();
  const nodes = useQuery({
    ...trpc.resources.list.queryOptions({ clusterId, kind: "nodes", limit: 1_000 }),
    refetchInterval: 30_000,
    retry: false,
  });
  if (!nodes.data || nodes.data.rows.length === 0) return null;
  const n = summarizeNodes(nodes.data.rows);
  return (
    <span className="cc-muted" data-testid={`nodes-${clusterId}`}>
      {n.ready} Ready{n.notReady > 0 ? ` · ${n.notReady} NotReady` : ""}
    </span>
  );
}

/** Every cluster of the server: reachable, version, nodes, and where to go next. */
export function ClusterHealthList({ clusters }: { clusters: ClusterSummary[] }) {
  return (
    <ul className="cc-health-list cc-dashboard-clusters">
      {clusters.map((c) => {
        const base = `/clusters/${encodeURIComponent(c.id)}`;
        return (
          <li key={c.id}>
            <span className="cc-health-name">
              <Link href={base}>{c.name}</Link> <ClusterStatus cluster={c} />
            </span>
            <span className="cc-inline">
              <NodeReadiness clusterId={c.id} />
              <Link href={`${base}/pods`} className="cc-muted">
                Pods
              </Link>
              <Link href={`${base}/cost`} className="cc-muted">
                Cost
              </Link>
            </span>
          </li>
        );
      })}
    </ul>
  );
}
