"use client";
import { Badge, EmptyState, ErrorNotice } from "@clustercord/ui";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { podsByStatus } from "~/app/clusters/[clusterId]/overview";
import { refreshEvery } from "~/app/clusters/[clusterId]/resources/refresh";
import { StatusBadge } from "~/components/status-badge";
import { userMessage, useTRPC } from "~/lib/trpc";
import { useLiveKinds } from "~/lib/use-live-kinds";

const KINDS = ["pods"] as const;

/** Pods counted by status over every namespace you may list, kept current by the live change notices. */
export function PodsByStatus({ clusterId }: { clusterId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { state: live, refused } = useLiveKinds(clusterId, KINDS, () => {
    void queryClient.invalidateQueries(
      { queryKey: trpc.resources.list.queryKey({ clusterId, kind: "pods" }) },
      { cancelRefetch: false },
    );
  });
  const pods = useQuery({
    ...trpc.resources.list.queryOptions({ clusterId, kind: "pods", limit: 10_000 }),
    refetchInterval: live === "live" && !refused.has("pods") ? false : refreshEvery(5_000),
  });
  const counts = pods.data && podsByStatus(pods.data.rows);
  return (
    <>
      <p className="cc-inline">
        <Badge tone={live === "live" ? "good" : "neutral"}>
          {live === "live" ? "Live" : live === "connecting" ? "Connecting…" : "Refreshing every 5 s"}
        </Badge>
        {pods.data && <span className="cc-muted">{pods.data.rows.length} pods</span>}
      </p>
      {pods.error && <ErrorNotice>{userMessage(pods.error)}</ErrorNotice>}
      {counts && counts.length === 0 && <EmptyState>No pods in your namespaces yet.</EmptyState>}
      {counts && counts.length > 0 && (
        <ul className="cc-overview-counts" aria-label="Pods by status">
          {counts.map((p) => (
            <li key={p.status}>
              <StatusBadge tone={p.tone}>{p.status}</StatusBadge>
              <span className="cc-overview-count">{p.count}</span>
            </li>
          ))}
        </ul>
      )}
      <Link href={`/clusters/${encodeURIComponent(clusterId)}/pods`}>Browse pods</Link>
    </>
  );
}
