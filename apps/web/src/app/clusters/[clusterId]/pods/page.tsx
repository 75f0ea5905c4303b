"use client";
import { Badge, Card, EmptyState, ErrorNotice } from "@clustercord/ui";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useEffect, useId, useState } from "react";
import { AppShell } from "~/components/app-shell";
import { NamespaceSelect } from "~/components/namespace-select";
import { useNow } from "~/components/virtual-table";
import { userMessage, useTRPC } from "~/lib/trpc";
import { cacheNotice } from "../resources/cache-notice";
import { PodsTable } from "./pods-table";
import { useLivePods } from "./use-live-pods";
import "./pods.css";

/**
 * How often the list is asked again while the live socket is not up (the API
 * serves it from the cluster's shared watch-backed cache either way).
 */
const FALLBACK_REFRESH_MS = 2_000;
/** The most rows the page holds; the API pages beyond. */
const MAX_ROWS = 10_000;

export default function PodsPage() {
  const { clusterId } = useParams<{ clusterId: string }>();
  const trpc = useTRPC();
  const searchId = useId();
  const clusters = useQuery(trpc.clusters.list.queryOptions());
  const namespaces = useQuery(trpc.namespaces.list.queryOptions({ clusterId }));
  const [namespace, setNamespace] = useState("");
  const [search, setSearch] = useState("");
  const cluster = clusters.data?.clusters.find((c) => c.id === clusterId);

  // The first namespace of yours, or the one in the address (?namespace=...).
  useEffect(() => {
    const list = namespaces.data?.namespaces;
    if (!list?.length || (namespace && list.includes(namespace))) return;
    const asked = new URLSearchParams(window.location.search).get("namespace");
    setNamespace(asked && list.includes(asked) ? asked : (list[0] ?? ""));
  }, [namespaces.data, namespace]);

  const input = { clusterId, namespace, limit: MAX_ROWS };
  const live = useLivePods({ clusterId, namespace }, trpc.pods.list.queryKey(input));
  const pods = useQuery({
    ...trpc.pods.list.queryOptions(input),
    enabled: namespace !== "",
    refetchInterval: live.state === "live" ? false : FALLBACK_REFRESH_MS,
  });
  const notice = pods.data && cacheNotice(pods.data, "pods");
  // Ages move on between updates too.
  const now = useNow(pods.dataUpdatedAt);

  const choose = (ns: string) => {
    setNamespace(ns);
    const url = new URL(window.location.href);
    url.searchParams.set("namespace", ns);
    window.history.replaceState(null, "", url);
  };

  return (
    <AppShell>
      <div className="cc-pods-head">
        <h1 className="cc-page-title">Pods{cluster ? ` on ${cluster.name}` : ""}</h1>
        <span className="cc-pods-head-links">
          <Link
            href={`/clusters/${clusterId}/resources/deployments${namespace ? `?namespace=${encodeURIComponent(namespace)}` : ""}`}
          >
            Browse resources
          </Link>
          <Link href="/clusters" className="cc-muted">
            ← Clusters
          </Link>
        </span>
      </div>
      {namespaces.error && <ErrorNotice>{userMessage(namespaces.error)}</ErrorNotice>}
      {namespaces.data?.namespaces.length === 0 && (
        <Card>
          <EmptyState>No namespaces you may use on this cluster yet.</EmptyState>
        </Card>
      )}
      {!!namespaces.data?.namespaces.length && (
        <div className="cc-pods-controls">
          <NamespaceSelect namespaces={namespaces.data.namespaces} value={namespace} onChange={choose} />
          <label htmlFor={searchId}>
            Search
            <input
              id={searchId}
              type="search"
              placeholder="name, status or node"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
          </label>
        </div>
      )}
      {namespace && (
        <p className="cc-inline cc-muted" role="status" aria-label="Updates">
          <Badge tone={live.state === "live" ? "good" : "neutral"}>
            {live.state === "live"
              ? "Live"
              : live.state === "connecting"
                ? "Connecting…"
                : "Refreshing every 2 s"}
          </Badge>
          {live.problem && <span>{live.problem}</span>}
        </p>
      )}
      {pods.error && <ErrorNotice>{userMessage(pods.error)}</ErrorNotice>}
      {notice && (
        <p className={notice.tone === "problem" ? "cc-error" : "cc-warning"} role="status">
          {notice.text}
        </p>
      )}
      {pods.data && pods.data.total > pods.data.pods.length && (
        <p className="cc-muted">
          Showing the first {pods.data.pods.length} of {pods.data.total} pods.
        </p>
      )}
      {pods.data && (
        <PodsTable
          pods={pods.data.pods}
          search={search}
          now={now}
          podHref={(pod) => `/clusters/${clusterId}/namespaces/${pod.namespace}/pods/${pod.name}`}
        />
      )}
    </AppShell>
  );
}
