"use client";
import { Card, EmptyState, ErrorNotice } from "@clustercord/ui";
import { useQuery } from "@tanstack/react-query";
import { useParams, useRouter, useSearchParams } from "next/navigation";
import { Suspense, useId } from "react";
import { AppShell } from "~/components/app-shell";
import { chartHref, shortDate } from "~/components/helm/format";
import { HelmNav } from "~/components/helm/helm-nav";
import { InstallDialog } from "~/components/helm/install-dialog";
import { ReadmeView } from "~/components/helm/readme-view";
import { useHelmRole } from "~/components/helm/use-helm-role";
import { userMessage, useTRPC } from "~/lib/trpc";

export default function HelmChartPage() {
  return (
    <Suspense>
      <Chart />
    </Suspense>
  );
}

function Chart() {
  const params = useParams<{ clusterId: string; repo: string; chart: string }>();
  const clusterId = params.clusterId;
  const ref = `${decodeURIComponent(params.repo)}/${decodeURIComponent(params.chart)}`;
  const version = useSearchParams().get("version") ?? undefined;
  const router = useRouter();
  const trpc = useTRPC();
  const versionId = useId();
  const { canOperate } = useHelmRole();
  const chart = useQuery({
    ...trpc.helm.chart.queryOptions({ ref, ...(version ? { version } : {}) }),
    placeholderData: (previous) => (previous?.ref === ref ? previous : undefined),
  });
  const data = chart.data;

  return (
    <AppShell>
      <div className="cc-helm-head">
        <h1 className="cc-page-title">{ref}</h1>
        {data && canOperate && <InstallDialog clusterId={clusterId} chart={data} />}
      </div>
      <HelmNav clusterId={clusterId} current={null} />
      {chart.error && <ErrorNotice>{userMessage(chart.error)}</ErrorNotice>}
      {!data && !chart.error && (
        <Card>
          <EmptyState>Loading the chart…</EmptyState>
        </Card>
      )}
      {data && (
        <div className="cc-grid">
          <Card title="About">
            <p>{data.description}</p>
            <dl className="cc-facts">
              <dt>Version</dt>
              <dd>{data.version}</dd>
              <dt>App version</dt>
              <dd>{data.appVersion ?? "—"}</dd>
              <dt>Repository</dt>
              <dd>{data.repo}</dd>
            </dl>
            <div className="cc-helm-controls">
              <label htmlFor={versionId}>
                Show version
                <select
                  id={versionId}
                  value={data.version}
                  onChange={(e) => router.replace(chartHref(clusterId, ref, e.target.value))}
                >
                  {data.versions.map((v) => (
                    <option key={v.version} value={v.version}>
                      {v.version}
                      {v.appVersion ? ` (app ${v.appVersion})` : ""} · {shortDate(v.createdAt)}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          </Card>
          <Card title={`Changes in ${data.version}`}>
            {data.changes.length === 0 ? (
              <EmptyState>The chart lists no changes for this version.</EmptyState>
            ) : (
              <ul className="cc-helm-changes" aria-label="Changes">
                {data.changes.map((c) => (
                  <li key={`${c.kind}:${c.description}`}>
                    <strong>{c.kind}</strong>: {c.description}
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      )}
      {data && (
        <>
          <Card title="Default values">
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard */}
            <pre className="cc-helm-pre" tabIndex={0} data-label="Default values">
              {data.defaultValues || "# (no values)"}
            </pre>
          </Card>
          <Card title="README">
            {data.readme ? (
              <ReadmeView readme={data.readme} />
            ) : (
              <EmptyState>The chart has no README.</EmptyState>
            )}
          </Card>
        </>
      )}
    </AppShell>
  );
}
