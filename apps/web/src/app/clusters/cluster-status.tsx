"use client";
import type { ClusterSummary } from "@clustercord/contracts";
import { Badge } from "@clustercord/ui";
import { useQuery } from "@tanstack/react-query";
import { userMessage, useTRPC } from "~/lib/trpc";

/** Reachability, impersonation, version and node count, as the API probes them now. */
export function ClusterStatus({ cluster }: { cluster: ClusterSummary }) {
  const trpc = useTRPC();
  const status = useQuery(
    trpc.clusters.status.queryOptions({ clusterId: cluster.id }, { staleTime: 30_000 }),
  );
  if (status.isPending) return <Badge>checking…</Badge>;
  if (status.error) return <Badge tone="bad">{userMessage(status.error)}</Badge>;
  const h = status.data.health;
  if (!h.reachable) return <Badge tone="bad">unreachable</Badge>;
  return (
    <span className="cc-inline">
      <Badge tone={h.canImpersonate ? "good" : "warn"}>
        {h.canImpersonate ? "healthy" : "cannot impersonate"}
      </Badge>
      <span className="cc-muted">
        {h.version} · {h.nodeCount ?? "?"} nodes
      </span>
    </span>
  );
}
