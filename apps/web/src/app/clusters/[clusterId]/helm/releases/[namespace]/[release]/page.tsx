"use client";
import type { HelmReleaseDetail, HelmRevision } from "@clustercord/contracts";
import { Card, EmptyState, ErrorNotice } from "@clustercord/ui";
import { useQuery } from "@tanstack/react-query";
import { useParams } from "next/navigation";
import { type KeyboardEvent, useId, useRef, useState } from "react";
import { AppShell } from "~/components/app-shell";
import { FlowDialog } from "~/components/helm/flow-dialog";
import { shortDate } from "~/components/helm/format";
import { HelmNav } from "~/components/helm/helm-nav";
import { RollbackFlow, UninstallFlow, UpgradeFlow } from "~/components/helm/release-actions";
import { ReleaseStatusBadge } from "~/components/helm/release-status-badge";
import { useHelmRole } from "~/components/helm/use-helm-role";
import { userMessage, useTRPC } from "~/lib/trpc";
import { refreshEvery } from "../../../../resources/refresh";
import "../../../../resources/resources.css";

/** The release and its history are asked again this often (operations may run from Discord too). */
const REFRESH_MS = 3_000;

export default function HelmReleasePage() {
  const params = useParams<{ clusterId: string; namespace: string; release: string }>();
  const target = {
    clusterId: params.clusterId,
    namespace: decodeURIComponent(params.namespace),
    release: decodeURIComponent(params.release),
  };
  const trpc = useTRPC();
  const { canOperate } = useHelmRole();
  const detail = useQuery({
    ...trpc.helm.release.queryOptions(target),
    refetchInterval: refreshEvery(REFRESH_MS),
  });
  const history = useQuery({
    ...trpc.helm.history.queryOptions(target),
    refetchInterval: refreshEvery(REFRESH_MS),
  });
  const data = detail.data;

  return (
    <AppShell>
      <div className="cc-helm-head">
        <h1 className="cc-page-title">
          {target.release} <span className="cc-muted">in {target.namespace}</span>
        </h1>
        {data && canOperate && (
          <div className="cc-helm-actions">
            <FlowDialog label="Upgrade…" title={`Upgrade ${target.release}`}>
              <UpgradeFlow target={target} detail={data} />
            </FlowDialog>
            <FlowDialog label="Uninstall…" title={`Uninstall ${target.release}`}>
              <UninstallFlow target={target} />
            </FlowDialog>
          </div>
        )}
      </div>
      <HelmNav clusterId={target.clusterId} current={null} />
      {detail.error && <ErrorNotice>{userMessage(detail.error)}</ErrorNotice>}
      {!data && !detail.error && (
        <Card>
          <EmptyState>Loading the release…</EmptyState>
        </Card>
      )}
      {data && <Summary data={data} />}
      <Card title="History">
        {history.error && <ErrorNotice>{userMessage(history.error)}</ErrorNotice>}
        {history.data && (
          <History
            revisions={history.data.revisions}
            current={data?.revision ?? null}
            canOperate={canOperate}
            target={target}
          />
        )}
      </Card>
      {data && <Contents data={data} />}
    </AppShell>
  );
}

function Summary({ data }: { data: HelmReleaseDetail }) {
  return (
    <Card title="Summary">
      <dl className="cc-facts" data-testid="release-summary">
        <dt>Status</dt>
        <dd data-testid="release-status">
          <ReleaseStatusBadge status={data.status} />
        </dd>
        <dt>Revision</dt>
        <dd data-testid="release-revision">{data.revision}</dd>
        <dt>Chart</dt>
        <dd>
          {data.chart}-{data.chartVersion}
          {data.ref ? ` (${data.ref})` : ""}
        </dd>
        <dt>App version</dt>
        <dd>{data.appVersion ?? "—"}</dd>
        <dt>Updated</dt>
        <dd>
          <time dateTime={data.updated}>{shortDate(data.updated)}</time>
        </dd>
      </dl>
    </Card>
  );
}

function History({
  revisions,
  current,
  canOperate,
  target,
}: {
  revisions: HelmRevision[];
  current: number | null;
  canOperate: boolean;
  target: { clusterId: string; namespace: string; release: string };
}) {
  if (revisions.length === 0) return <EmptyState>No revisions.</EmptyState>;
  const newestFirst = [...revisions].sort((a, b) => b.revision - a.revision);
  return (
    <div className="cc-table-wrap">
      <table className="cc-table cc-helm-table" aria-label="Revisions">
        <thead>
          <tr>
            <th scope="col">Revision</th>
            <th scope="col">Status</th>
            <th scope="col">Chart</th>
            <th scope="col" className="cc-helm-hide-narrow">
              Updated
            </th>
            <th scope="col" className="cc-helm-hide-narrow">
              Description
            </th>
            {canOperate && <th scope="col">Action</th>}
          </tr>
        </thead>
        <tbody>
          {newestFirst.map((r) => (
            <tr key={r.revision} data-revision={r.revision} data-status={r.status}>
              <td>{r.revision}</td>
              <td>
                <ReleaseStatusBadge status={r.status} />
              </td>
              <td>
                {r.chart}-{r.chartVersion}
              </td>
              <td className="cc-helm-hide-narrow">
                <time dateTime={r.updated}>{shortDate(r.updated)}</time>
              </td>
              <td className="cc-helm-hide-narrow">{r.description}</td>
              {canOperate && (
                <td>
                  {r.revision !== current && (
                    <FlowDialog
                      label="Roll back to this revision…"
                      title={`Roll back ${target.release} to revision ${r.revision}`}
                    >
                      <RollbackFlow target={target} revision={r.revision} />
                    </FlowDialog>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const TABS = [
  ["values", "Values"],
  ["manifest", "Manifest"],
  ["notes", "Notes"],
] as const;
type Tab = (typeof TABS)[number][0];

/** Values, manifest and notes of the current revision, as tabs (WAI-ARIA's pattern, arrows move). */
function Contents({ data }: { data: HelmReleaseDetail }) {
  const id = useId();
  const [tab, setTab] = useState<Tab>("values");
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const onKeyDown = (e: KeyboardEvent) => {
    const i = TABS.findIndex(([t]) => t === tab);
    const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = TABS[(i + step + TABS.length) % TABS.length]?.[0] ?? "values";
    setTab(next);
    refs.current[next]?.focus();
  };
  const text = tab === "values" ? data.values : tab === "manifest" ? data.manifest : data.notes;
  const label = TABS.find(([t]) => t === tab)?.[1] ?? "";
  return (
    <section className="cc-card">
      <div className="cc-tabs" role="tablist" aria-label="Release" onKeyDown={onKeyDown}>
        {TABS.map(([t, name]) => (
          <button
            key={t}
            ref={(el) => {
              refs.current[t] = el;
            }}
            id={`${id}-${t}`}
            type="button"
            role="tab"
            className="cc-tab"
            aria-selected={tab === t}
            aria-controls={`${id}-panel`}
            tabIndex={tab === t ? 0 : -1}
            onClick={() => setTab(t)}
          >
            {name}
          </button>
        ))}
      </div>
      <div id={`${id}-panel`} role="tabpanel" aria-labelledby={`${id}-${tab}`}>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard */}
        <pre className="cc-helm-pre" tabIndex={0} data-label={label}>
          {text || `(no ${label.toLowerCase()})`}
        </pre>
      </div>
    </section>
  );
}
