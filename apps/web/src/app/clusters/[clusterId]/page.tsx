"use client";
import type { ResourcesListOutput } from "@clustercord/contracts";
import { Badge, Card, EmptyState, ErrorNotice } from "@clustercord/ui";
import { useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import { AppShell } from "~/components/app-shell";
import { StatusBadge } from "~/components/status-badge";
import { userMessage, useTRPC } from "~/lib/trpc";
import { useLiveKinds } from "~/lib/use-live-kinds";
import {
  formatBytes,
  OVERVIEW_KINDS,
  type OverviewKind,
  podsByStatus,
  recentWarnings,
  summarizeNodes,
  unreadyWorkloads,
} from "./overview";
import { cacheNotice } from "./resources/cache-notice";
import { detailHref } from "./resources/kinds";
import { refreshEvery } from "./resources/refresh";
import "./overview.css";

/** Polling while the live socket is not up (the lists come from the shared caches either way). */
const FALLBACK_REFRESH_MS = 5_000;
const limits: Record<OverviewKind, number> = {
  nodes: 1_000,
  pods: 10_000,
  events: 2_000,
  deployments: 5_000,
  statefulsets: 5_000,
  daemonsets: 5_000,
};

/**
 * A cluster's landing page: nodes, pods by status, recent Warning events and
 * workloads that are not ready, from resources.list over the shared caches
 * (so only what you may list), refetched on the live change notices.
 */
export default function ClusterOverviewPage() {
  const { clusterId } = useParams<{ clusterId: string }>();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const clusters = useQuery(trpc.clusters.list.queryOptions());
  const cluster = clusters.data?.clusters.find((c) => c.id === clusterId);

  const { state: live, refused } = useLiveKinds(clusterId, OVERVIEW_KINDS, (kind) => {
    void queryClient.invalidateQueries(
      { queryKey: trpc.resources.list.queryKey({ clusterId, kind }) },
      { cancelRefetch: false },
    );
  });
  const results = useQueries({
    queries: OVERVIEW_KINDS.map((kind) => ({
      ...trpc.resources.list.queryOptions({ clusterId, kind, limit: limits[kind] }),
      refetchInterval:
        live === "live" && !refused.has(kind) ? (false as const) : refreshEvery(FALLBACK_REFRESH_MS),
    })),
  });
  const byKind = Object.fromEntries(OVERVIEW_KINDS.map((k, i) => [k, results[i]])) as Record<
    OverviewKind,
    (typeof results)[number]
  >;
  const rows = (kind: OverviewKind) => byKind[kind]?.data?.rows ?? [];

  const nodes = byKind.nodes?.data && summarizeNodes(rows("nodes"));
  const pods = byKind.pods?.data && podsByStatus(rows("pods"));
  const warnings = byKind.events?.data && recentWarnings(rows("events"), 10);
  const workloadsLoaded = byKind.deployments?.data && byKind.statefulsets?.data && byKind.daemonsets?.data;
  const unready =
    workloadsLoaded &&
    unreadyWorkloads(
      (["deployments", "statefulsets", "daemonsets"] as const).map((kind) => ({ kind, rows: rows(kind) })),
    );
  const base = `/clusters/${encodeURIComponent(clusterId)}`;

  return (
    <AppShell>
      <div className="cc-overview-head">
        <h1 className="cc-page-title">{cluster ? cluster.name : "Cluster"} overview</h1>
        <span className="cc-inline">
          <Badge tone={live === "live" ? "good" : "neutral"}>
            {live === "live" ? "Live" : live === "connecting" ? "Connecting…" : "Refreshing every 5 s"}
          </Badge>
          <Link href={`${base}/pods`}>Pods</Link>
          <Link href={`${base}/resources`}>Resources</Link>
        </span>
      </div>
      {clusters.data && !cluster && (
        <ErrorNotice>This cluster is not one of yours (or it was removed).</ErrorNotice>
      )}
      <div className="cc-overview-grid">
        <Card title="Nodes">
          <Problem result={byKind.nodes} what="nodes" />
          {nodes && (
            <>
              <p className="cc-overview-big" data-testid="nodes-ready">
                <span>{nodes.ready}</span> Ready
                {nodes.notReady > 0 && (
                  <>
                    {" · "}
                    <span className="cc-overview-bad">{nodes.notReady}</span> NotReady
                  </>
                )}
              </p>
              <dl className="cc-facts">
                <dt>CPU</dt>
                <dd>{Number(nodes.cpu.toFixed(2))} cores</dd>
                <dt>Memory</dt>
                <dd>{formatBytes(nodes.memoryBytes)}</dd>
                {nodes.cordoned > 0 && (
                  <>
                    <dt>Cordoned</dt>
                    <dd>{nodes.cordoned}</dd>
                  </>
                )}
              </dl>
              <Link href={`${base}/resources/nodes`}>All nodes</Link>
            </>
          )}
        </Card>
        <Card title="Pods">
          <Problem result={byKind.pods} what="pods" />
          {pods && pods.length === 0 && <EmptyState>No pods in your namespaces yet.</EmptyState>}
          {pods && pods.length > 0 && (
            <ul className="cc-overview-counts" aria-label="Pods by status">
              {pods.map((p) => (
                <li key={p.status}>
                  <StatusBadge tone={p.tone}>{p.status}</StatusBadge>
                  <span className="cc-overview-count">{p.count}</span>
                </li>
              ))}
            </ul>
          )}
          <Link href={`${base}/pods`}>Browse pods</Link>
        </Card>
      </div>
      <Card title="Workloads not ready">
        <Problem result={byKind.deployments} what="deployments" />
        {unready && unready.length === 0 && <EmptyState>Every workload you may see is ready.</EmptyState>}
        {unready && unready.length > 0 && (
          <div className="cc-table-wrap">
            <table className="cc-table" aria-label="Workloads not ready">
              <thead>
                <tr>
                  <th scope="col">Workload</th>
                  <th scope="col">Namespace</th>
                  <th scope="col">Ready</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {unready.map((w) => (
                  <tr key={`${w.kind}/${w.namespace}/${w.name}`}>
                    <td>
                      <Link href={detailHref(clusterId, w.kind, w.name, w.namespace)}>
                        {w.kind.replace(/s$/, "")}/{w.name}
                      </Link>
                    </td>
                    <td>{w.namespace}</td>
                    <td>{w.ready}</td>
                    <td>{w.status}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <Card title="Recent warning events">
        <Problem result={byKind.events} what="events" />
        {warnings && warnings.length === 0 && <EmptyState>No warnings in your namespaces.</EmptyState>}
        {warnings && warnings.length > 0 && (
          <ul className="cc-overview-events" aria-label="Recent warning events">
            {warnings.map((e) => (
              <li key={`${e.namespace}/${e.object}/${e.reason}/${e.lastSeen}`}>
                <div className="cc-overview-event-head">
                  <Badge tone="warn">{e.reason || "Warning"}</Badge>
                  <span className="cc-overview-event-object">
                    {e.namespace ? `${e.namespace}/` : ""}
                    {e.object}
                  </span>
                  <span className="cc-muted">
                    {e.count > 1 ? `×${e.count} · ` : ""}
                    <time dateTime={e.lastSeen}>{new Date(e.lastSeen).toLocaleString()}</time>
                  </span>
                </div>
                <p className="cc-overview-event-message">{e.message}</p>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </AppShell>
  );
}

/** A list that failed or that the cache does not serve (forbidden, too large, syncing). */
function Problem({
  result,
  what,
}: {
  result: { data?: ResourcesListOutput | undefined; error: unknown } | undefined;
  what: string;
}) {
  if (!result) return null;
  if (result.error) return <ErrorNotice>{userMessage(result.error)}</ErrorNotice>;
  const notice = result.data && cacheNotice(result.data, what);
  if (!notice) return null;
  return <p className={notice.tone === "problem" ? "cc-error" : "cc-warning"}>{notice.text}</p>;
}
