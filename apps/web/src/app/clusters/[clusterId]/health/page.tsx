"use client";
import { Card, EmptyState, ErrorNotice } from "@clustercord/ui";
import { useQuery } from "@tanstack/react-query";
import { useParams, useSearchParams } from "next/navigation";
import { Suspense, useEffect, useState } from "react";
import { AppShell } from "~/components/app-shell";
import { ClusterPass } from "~/components/diagnostics/cluster-pass";
import { DiagnosePanel } from "~/components/diagnostics/diagnose-panel";
import { NamespaceSelect } from "~/components/namespace-select";
import { userMessage, useTRPC } from "~/lib/trpc";
import "~/components/diagnostics/diagnostics.css";

export default function HealthPage() {
  return (
    <Suspense>
      <Health />
    </Suspense>
  );
}

/**
 * A cluster's health: by default the whole pass (diagnostics.cluster, all the
 * person may read), or one namespace picked to narrow it (diagnostics.run).
 */
function Health() {
  const { clusterId } = useParams<{ clusterId: string }>();
  const searchParams = useSearchParams();
  const trpc = useTRPC();
  const clusters = useQuery(trpc.clusters.list.queryOptions());
  const cluster = clusters.data?.clusters.find((c) => c.id === clusterId);
  const namespaces = useQuery(trpc.namespaces.list.queryOptions({ clusterId }));
  const mine = namespaces.data?.namespaces ?? [];
  const [picked, setPicked] = useState(() => searchParams.get("namespace") ?? "");
  const namespace = picked;
  // A namespace from the address stays a choice, so a link shows the same diagnosis (or the API's refusal).
  const options = namespace && !mine.includes(namespace) ? [namespace, ...mine] : mine;

  useEffect(() => {
    const url = new URL(window.location.href);
    if (picked) url.searchParams.set("namespace", picked);
    else url.searchParams.delete("namespace");
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, "", url);
  }, [picked]);

  return (
    <AppShell>
      <h1 className="cc-page-title">Health{cluster ? ` of ${cluster.name}` : ""}</h1>
      <p className="cc-muted cc-health-intro">
        Every known problem in the pods, workloads, services, storage and events you may read; pick a
        namespace to diagnose only that one.
      </p>
      {namespaces.error && <ErrorNotice>{userMessage(namespaces.error)}</ErrorNotice>}
      {namespaces.data && options.length === 0 && (
        <Card>
          <EmptyState>You have no namespaces on this cluster.</EmptyState>
        </Card>
      )}
      {options.length > 0 && (
        <div className="cc-health-controls">
          <NamespaceSelect
            namespaces={options}
            value={namespace}
            onChange={setPicked}
            allLabel="All you may read"
          />
        </div>
      )}
      {namespace ? (
        // A new namespace is a new diagnosis: the panel starts over rather than show the last one's findings.
        <DiagnosePanel
          key={namespace}
          clusterId={clusterId}
          target={{ kind: "Namespace", name: namespace }}
        />
      ) : (
        <ClusterPass clusterId={clusterId} />
      )}
    </AppShell>
  );
}
