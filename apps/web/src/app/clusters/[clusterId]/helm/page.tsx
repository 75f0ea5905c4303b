"use client";
import { HelmReleaseStatus } from "@clustercord/contracts";
import { Card, EmptyState, ErrorNotice } from "@clustercord/ui";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useParams, useSearchParams } from "next/navigation";
import { Suspense, useEffect, useId, useState } from "react";
import { AppShell } from "~/components/app-shell";
import { helmHref } from "~/components/helm/format";
import { HelmNav } from "~/components/helm/helm-nav";
import { ReleasesTable } from "~/components/helm/releases-table";
import { NamespaceSelect } from "~/components/namespace-select";
import { userMessage, useTRPC } from "~/lib/trpc";
import { refreshEvery } from "../resources/refresh";

/** Releases change as operations run (here or from Discord): asked again this often. */
const REFRESH_MS = 3_000;

export default function HelmReleasesPage() {
  return (
    <Suspense>
      <Releases />
    </Suspense>
  );
}

function Releases() {
  const { clusterId } = useParams<{ clusterId: string }>();
  const searchParams = useSearchParams();
  const trpc = useTRPC();
  const statusId = useId();
  const [namespace, setNamespace] = useState(() => searchParams.get("namespace") ?? "");
  const [status, setStatus] = useState<HelmReleaseStatus | "">(() => {
    const s = HelmReleaseStatus.safeParse(searchParams.get("status"));
    return s.success ? s.data : "";
  });

  // The address holds the filters, so a link shows the same list.
  useEffect(() => {
    const url = new URL(window.location.href);
    for (const [key, value] of [
      ["namespace", namespace],
      ["status", status],
    ] as const) {
      if (value) url.searchParams.set(key, value);
      else url.searchParams.delete(key);
    }
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, "", url);
  }, [namespace, status]);

  const clusters = useQuery(trpc.clusters.list.queryOptions());
  const cluster = clusters.data?.clusters.find((c) => c.id === clusterId);
  const namespaces = useQuery(trpc.namespaces.list.queryOptions({ clusterId }));
  const releases = useQuery({
    ...trpc.helm.releases.queryOptions({
      clusterId,
      ...(namespace ? { namespace } : {}),
      ...(status ? { status } : {}),
    }),
    placeholderData: (previous) => previous,
    refetchInterval: refreshEvery(REFRESH_MS),
  });
  const mine = namespaces.data?.namespaces ?? [];
  const nsOptions = namespace && !mine.includes(namespace) ? [namespace, ...mine] : mine;
  const data = releases.data;

  return (
    <AppShell>
      <div className="cc-helm-head">
        <h1 className="cc-page-title">Helm releases{cluster ? ` on ${cluster.name}` : ""}</h1>
      </div>
      <HelmNav clusterId={clusterId} current="releases" />
      <div className="cc-helm-controls">
        <NamespaceSelect
          namespaces={nsOptions}
          value={namespace}
          onChange={setNamespace}
          allLabel="All my namespaces"
        />
        <label htmlFor={statusId}>
          Status
          <select
            id={statusId}
            value={status}
            onChange={(e) => setStatus(e.target.value as HelmReleaseStatus | "")}
          >
            <option value="">Any status</option>
            {HelmReleaseStatus.options.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </div>
      {releases.error && <ErrorNotice>{userMessage(releases.error)}</ErrorNotice>}
      {data && (
        <>
          <p className="cc-muted" aria-live="polite">
            {data.state === "syncing"
              ? "Reading releases from the cluster…"
              : `${data.releases.length} ${data.releases.length === 1 ? "release" : "releases"}`}
            {data.releases.length === 0 && data.state === "ready" && !namespace && !status && (
              <>
                {" "}
                · <Link href={helmHref(clusterId, "search")}>find a chart to install</Link>
              </>
            )}
          </p>
          <ReleasesTable clusterId={clusterId} releases={data.releases} />
        </>
      )}
      {!data && !releases.error && (
        <Card>
          <EmptyState>Loading releases…</EmptyState>
        </Card>
      )}
    </AppShell>
  );
}
