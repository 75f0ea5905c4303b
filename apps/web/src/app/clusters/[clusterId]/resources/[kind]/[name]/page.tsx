"use client";
import type { RelatedObject, ResourceDetail, ResourceKindInfo } from "@clustercord/contracts";
import { Button, Card, EmptyState, ErrorNotice } from "@clustercord/ui";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useParams, useSearchParams } from "next/navigation";
import {
  Fragment,
  type KeyboardEvent,
  type ReactNode,
  Suspense,
  useEffect,
  useId,
  useRef,
  useState,
} from "react";
import { AppShell } from "~/components/app-shell";
import { DiagnosePanel } from "~/components/diagnostics/diagnose-panel";
import { diagnoseTargetFor } from "~/components/diagnostics/format";
import { RolloutArea } from "~/components/rollouts/rollout-area";
import { StatusBadge } from "~/components/status-badge";
import { age, useNow } from "~/components/virtual-table";
import { userMessage, useTRPC } from "~/lib/trpc";
import { detailHref, kindLabel, listHref } from "../../kinds";
import { refreshEvery } from "../../refresh";
import "../../resources.css";

/** Detail pages refresh from the same watch-backed caches as the lists; a little slower, they do more work. */
const REFRESH_MS = 3_000;

const TABS = [
  ["summary", "Summary"],
  ["yaml", "YAML"],
  ["events", "Events"],
  ["related", "Related"],
] as const;
type Tab = (typeof TABS)[number][0];

export default function ResourceDetailPage() {
  return (
    <Suspense>
      <ResourceDetailView />
    </Suspense>
  );
}

function ResourceDetailView() {
  const params = useParams<{ clusterId: string; kind: string; name: string }>();
  const clusterId = params.clusterId;
  const kind = decodeURIComponent(params.kind);
  const name = decodeURIComponent(params.name);
  const namespace = useSearchParams().get("namespace") ?? undefined;
  const trpc = useTRPC();

  const detail = useQuery({
    ...trpc.resources.get.queryOptions({ clusterId, kind, name, ...(namespace ? { namespace } : {}) }),
    refetchInterval: refreshEvery(REFRESH_MS),
  });
  const kinds = useQuery(trpc.resources.kinds.queryOptions({ clusterId }));
  const now = useNow(detail.dataUpdatedAt);
  const data = detail.data;

  const [tab, setTab] = useState<Tab>("summary");
  // The tab is kept in the address's #fragment, so a link can open the YAML.
  useEffect(() => {
    const fromHash = window.location.hash.slice(1);
    if (TABS.some(([id]) => id === fromHash)) setTab(fromHash as Tab);
  }, []);
  const choose = (next: Tab) => {
    setTab(next);
    const url = new URL(window.location.href);
    url.hash = next === "summary" ? "" : next;
    window.history.replaceState(window.history.state, "", url);
  };

  const back = listHref(clusterId, kind, { namespace });
  // Workloads, nodes and namespaces can be diagnosed; shown even when the detail is refused, so is the refusal.
  const diagnosable = diagnoseTargetFor(kind, name, namespace);
  return (
    <AppShell>
      <div className="cc-resource-head">
        <h1 className="cc-page-title">
          <span>{name}</span>
          {data && <StatusBadge tone={data.row.tone}>{data.row.status}</StatusBadge>}
        </h1>
        <Link href={back}>← {kindLabel(kind)}</Link>
      </div>
      <p className="cc-muted cc-resource-sub">
        {data?.kind.kind ?? kindLabel(kind)}
        {namespace ? ` in ${namespace}` : ""}
        {data?.row.createdAt && (
          <>
            {" · created "}
            <time dateTime={data.row.createdAt} title={data.row.createdAt}>
              {age(data.row.createdAt, now)} ago
            </time>
          </>
        )}
      </p>
      {detail.error && <ErrorNotice>{userMessage(detail.error)}</ErrorNotice>}
      {diagnosable && <DiagnosePanel clusterId={clusterId} target={diagnosable} />}
      {/* Deployments, StatefulSets, DaemonSets and Argo Rollouts: the live rollout panel and its actions. */}
      <RolloutArea clusterId={clusterId} kindKey={kind} namespace={namespace} name={name} />
      {data && data.state !== "ready" && (
        <p className="cc-warning" role="status">
          {data.state === "syncing"
            ? "Still loading this cluster's objects…"
            : "The cluster is not live right now; showing the last known state."}
        </p>
      )}
      {!data && !detail.error && (
        <Card>
          <EmptyState>Loading…</EmptyState>
        </Card>
      )}
      {data && (
        <Tabs
          tab={tab}
          onChange={choose}
          counts={{ events: data.events?.length, related: data.related.length }}
        >
          {tab === "summary" && <Summary data={data} namespace={namespace} now={now} />}
          {tab === "yaml" && <Yaml yaml={data.yaml} />}
          {tab === "events" && <Events events={data.events} now={now} />}
          {tab === "related" && (
            <Related
              related={data.related}
              clusterId={clusterId}
              namespace={namespace}
              kinds={kinds.data?.kinds ?? []}
            />
          )}
        </Tabs>
      )}
    </AppShell>
  );
}

function Tabs({
  tab,
  onChange,
  counts,
  children,
}: {
  tab: Tab;
  onChange: (tab: Tab) => void;
  counts: { events?: number; related?: number };
  children: ReactNode;
}) {
  const id = useId();
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  // Arrow keys move between tabs, as in WAI-ARIA's tabs pattern.
  const onKeyDown = (e: KeyboardEvent) => {
    const i = TABS.findIndex(([t]) => t === tab);
    const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = TABS[(i + step + TABS.length) % TABS.length]?.[0] ?? "summary";
    onChange(next);
    refs.current[next]?.focus();
  };
  return (
    <section className="cc-card">
      <div className="cc-tabs" role="tablist" aria-label="Object" onKeyDown={onKeyDown}>
        {TABS.map(([t, label]) => {
          const count = t === "events" ? counts.events : t === "related" ? counts.related : undefined;
          return (
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
              onClick={() => onChange(t)}
            >
              {label}
              {count ? ` (${count})` : ""}
            </button>
          );
        })}
      </div>
      <div id={`${id}-panel`} role="tabpanel" aria-labelledby={`${id}-${tab}`}>
        {children}
      </div>
    </section>
  );
}

function Summary({ data, namespace, now }: { data: ResourceDetail; namespace?: string; now: number }) {
  return (
    <dl className="cc-facts cc-fields" aria-label="Summary">
      <dt>Kind</dt>
      <dd>
        {data.kind.kind} ({data.kind.group ? `${data.kind.group}/` : ""}
        {data.kind.version})
      </dd>
      {namespace && (
        <>
          <dt>Namespace</dt>
          <dd>{namespace}</dd>
        </>
      )}
      {data.row.createdAt && (
        <>
          <dt>Created</dt>
          <dd>
            {data.row.createdAt} ({age(data.row.createdAt, now)} ago)
          </dd>
        </>
      )}
      {data.fields.map((f) => (
        <Fragment key={f.label}>
          <dt>{f.label}</dt>
          <dd>{f.value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard API (an insecure origin) or no permission: the old way.
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}

function Yaml({ yaml }: { yaml: string }) {
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(null), 3_000);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <>
      <div className="cc-yaml-bar">
        <Button variant="secondary" onClick={async () => setCopied((await copyText(yaml)) ? "yes" : "no")}>
          Copy YAML
        </Button>
        <span role="status" className="cc-muted">
          {copied === "yes" ? "Copied." : copied === "no" ? "Could not copy; select the text instead." : ""}
        </span>
      </div>
      <pre className="cc-yaml" data-testid="resource-yaml">
        <code>{yaml}</code>
      </pre>
    </>
  );
}

function Events({ events, now }: { events: ResourceDetail["events"]; now: number }) {
  if (events === null) return <EmptyState>You may not read events here.</EmptyState>;
  if (!events.length) return <EmptyState>No events for this object.</EmptyState>;
  return (
    <div className="cc-table-wrap">
      <table className="cc-table cc-events">
        <thead>
          <tr>
            <th>Type</th>
            <th>Reason</th>
            <th>Message</th>
            <th>Count</th>
            <th>Last seen</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e, i) => (
            // Events have no stable id here; newest first, so the index is stable between refreshes.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <tr key={i}>
              <td>{e.type === "Normal" ? e.type : <StatusBadge tone="warning">{e.type}</StatusBadge>}</td>
              <td>{e.reason}</td>
              <td className="cc-event-message">{e.message}</td>
              <td>{e.count}</td>
              <td>
                <time dateTime={e.lastSeen} title={e.lastSeen}>
                  {e.lastSeen ? age(e.lastSeen, now) : ""}
                </time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Related({
  related,
  clusterId,
  namespace,
  kinds,
}: {
  related: RelatedObject[];
  clusterId: string;
  namespace?: string;
  kinds: readonly ResourceKindInfo[];
}) {
  if (!related.length) return <EmptyState>No related objects you may read.</EmptyState>;
  const groups = new Map<string, RelatedObject[]>();
  for (const r of related) groups.set(r.relation, [...(groups.get(r.relation) ?? []), r]);
  const hrefOf = (r: RelatedObject): string | undefined => {
    if (!r.readable) return undefined;
    const k = kinds.find((x) => x.key === r.kind);
    if (r.kind === "pods") return detailHref(clusterId, "pods", r.name, r.namespace ?? namespace);
    if (!k) return undefined;
    return detailHref(clusterId, k.key, r.name, k.namespaced ? (r.namespace ?? namespace) : undefined);
  };
  return (
    <div className="cc-related">
      {[...groups].map(([relation, items]) => (
        <section key={relation} aria-label={relation}>
          <h3>{relation}</h3>
          <ul>
            {items.map((r) => {
              const href = hrefOf(r);
              return (
                <li key={`${r.kind}/${r.namespace ?? ""}/${r.name}`}>
                  <span className="cc-muted">{kindLabel(r.kind)}</span>
                  {href ? (
                    <Link className="cc-resource-name" href={href} data-related-kind={r.kind}>
                      {r.name}
                    </Link>
                  ) : (
                    <span className="cc-resource-name">{r.name}</span>
                  )}
                  {r.detail && <span className="cc-muted">{r.detail}</span>}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </div>
  );
}
