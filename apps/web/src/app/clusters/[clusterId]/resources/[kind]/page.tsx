"use client";
import type { ResourceRow } from "@clustercord/contracts";
import { Badge, Card, EmptyState, ErrorNotice } from "@clustercord/ui";
import { useQuery } from "@tanstack/react-query";
import type { SortingState, Updater } from "@tanstack/react-table";
import Link from "next/link";
import { useParams, useSearchParams } from "next/navigation";
import { Suspense, useCallback, useEffect, useId, useState } from "react";
import { AppShell } from "~/components/app-shell";
import { NamespaceSelect } from "~/components/namespace-select";
import { useNow } from "~/components/virtual-table";
import { userMessage, useTRPC } from "~/lib/trpc";
import { useLiveResources } from "~/lib/use-live-resources";
import { cacheNotice } from "../cache-notice";
import { KindPicker } from "../kind-picker";
import { detailHref, kindLabel, podsPageHref } from "../kinds";
import { appCode, refreshEvery } from "../refresh";
import { ResourcesTable, SERVER_SORTS } from "./resources-table";
import "../resources.css";

/**
 * How often the list is asked again while the live socket is not up
 * (resources:subscribe announces changes; the page then asks again).
 * Cheap either way: the API answers from the cluster's shared watch-backed
 * cache (one watch per cluster and kind, for every viewer), so a refresh
 * costs no request to Kubernetes.
 */
const REFRESH_MS = 2_000;
/** Rows asked for at first, and added each time the end of the table comes into view. */
const PAGE = 1_000;
/** The most rows the page holds (the API's limit); beyond, narrow the list. */
const MAX_ROWS = 10_000;
const TYPING_DELAY_MS = 300;

function useDebounced<T>(value: T, delay: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

export default function ResourcesPage() {
  const { kind } = useParams<{ kind: string }>();
  return (
    <Suspense>
      {/* A fresh list per kind: sort, paging and filters belong to the kind. */}
      <ResourceList key={kind} />
    </Suspense>
  );
}

function ResourceList() {
  const params = useParams<{ clusterId: string; kind: string }>();
  const clusterId = params.clusterId;
  const kind = decodeURIComponent(params.kind);
  const searchParams = useSearchParams();
  const trpc = useTRPC();
  const searchId = useId();
  const labelId = useId();
  const labelErrorId = useId();

  const [namespace, setNamespace] = useState(() => searchParams.get("namespace") ?? "");
  const [search, setSearch] = useState(() => searchParams.get("q") ?? "");
  const [labels, setLabels] = useState(() => searchParams.get("l") ?? "");
  const q = useDebounced(search.trim(), TYPING_DELAY_MS);
  const l = useDebounced(labels.trim(), TYPING_DELAY_MS);
  const [sorting, setSorting] = useState<SortingState>([{ id: "name", desc: false }]);
  const [limit, setLimit] = useState(PAGE);

  // The address holds the filters, so a link shows the same list.
  useEffect(() => {
    const url = new URL(window.location.href);
    for (const [key, value] of [
      ["namespace", namespace],
      ["q", q],
      ["l", l],
    ] as const) {
      if (value) url.searchParams.set(key, value);
      else url.searchParams.delete(key);
    }
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, "", url);
  }, [namespace, q, l]);

  const clusters = useQuery(trpc.clusters.list.queryOptions());
  const cluster = clusters.data?.clusters.find((c) => c.id === clusterId);
  const namespaces = useQuery(trpc.namespaces.list.queryOptions({ clusterId }));
  const kinds = useQuery({
    ...trpc.resources.kinds.queryOptions({ clusterId }),
    // Custom resources appear once the cluster's CRDs are read.
    refetchInterval: (query) => (query.state.data?.customResourcesKnown === false ? 3_000 : false),
  });
  const known = kinds.data?.kinds.find((k) => k.key === kind);
  const namespaced = known?.namespaced ?? true;

  const sort = sorting[0];
  const serverSort = sort && SERVER_SORTS.has(sort.id) ? sort : { id: "name", desc: false };
  const input = {
    clusterId,
    kind,
    ...(namespaced && namespace ? { namespace } : {}),
    ...(q ? { search: q } : {}),
    ...(l ? { labelSelector: l } : {}),
    sort: serverSort.id as "name" | "namespace" | "status" | "age",
    descending: serverSort.desc,
    limit,
  };
  const subscribed = { clusterId, kind, ...(namespaced && namespace ? { namespace } : {}) };
  // Every filter, sort and page of this kind (and namespace) is asked again on a change notice.
  const live = useLiveResources({ ...subscribed, enabled: true }, trpc.resources.list.queryKey(subscribed));
  const list = useQuery({
    ...trpc.resources.list.queryOptions(input),
    // Keep the rows while a new filter, sort or page is asked for (same kind only).
    placeholderData: (previous) => (previous?.kind.key === kind ? previous : undefined),
    refetchInterval: live.state === "live" ? false : refreshEvery(REFRESH_MS),
  });
  const now = useNow(list.dataUpdatedAt);
  const data = list.data;
  const info = data?.kind ?? known;
  const title = kindLabel(kind);
  const notice = data && cacheNotice(data, title.toLowerCase());

  const onSortingChange = useCallback((updater: Updater<SortingState>) => {
    setSorting((old) => (typeof updater === "function" ? updater(old) : updater));
  }, []);
  const nextCursor = data?.nextCursor ?? null;
  const onNearEnd = useCallback(() => {
    if (nextCursor !== null && !list.isPlaceholderData)
      setLimit((n) => (n >= nextCursor ? Math.min(n + PAGE, MAX_ROWS) : n));
  }, [nextCursor, list.isPlaceholderData]);
  const href = useCallback(
    (row: ResourceRow) => detailHref(clusterId, kind, row.name, row.namespace || undefined),
    [clusterId, kind],
  );

  // A bad request while a selector is set is about the selector (the API names the problem): next to its box.
  const selectorError = l && appCode(list.error) === "BAD_REQUEST" ? userMessage(list.error) : null;
  const myNamespaces = namespaces.data?.namespaces ?? [];
  const nsOptions =
    namespace && !myNamespaces.includes(namespace) ? [namespace, ...myNamespaces] : myNamespaces;

  return (
    <AppShell>
      <div className="cc-resources-head">
        <h1 className="cc-page-title">
          {title}
          {cluster ? ` on ${cluster.name}` : ""}
        </h1>
        <Link href="/clusters" className="cc-muted">
          ← Clusters
        </Link>
      </div>
      {kinds.error && <ErrorNotice>{userMessage(kinds.error)}</ErrorNotice>}
      <div className="cc-resources-layout">
        {kinds.data && (
          <KindPicker
            clusterId={clusterId}
            current={kind}
            kinds={kinds.data.kinds}
            customResourcesKnown={kinds.data.customResourcesKnown}
            keep={{ namespace, l }}
          />
        )}
        <div className="cc-resources-main">
          <div className="cc-resources-controls">
            {namespaced && (
              <NamespaceSelect
                namespaces={nsOptions}
                value={namespace}
                onChange={setNamespace}
                allLabel="All my namespaces"
              />
            )}
            <label htmlFor={searchId}>
              Search
              <input
                id={searchId}
                type="search"
                placeholder="name, status or any column"
                value={search}
                onChange={(e) => setSearch(e.target.value)}
              />
            </label>
            <label htmlFor={labelId}>
              Label selector
              <input
                id={labelId}
                type="text"
                placeholder="app=web, tier in (a,b)"
                spellCheck={false}
                autoCapitalize="off"
                autoCorrect="off"
                value={labels}
                aria-invalid={selectorError ? true : undefined}
                aria-describedby={selectorError ? labelErrorId : undefined}
                onChange={(e) => setLabels(e.target.value)}
              />
              {selectorError && (
                <span id={labelErrorId} className="cc-field-error" role="alert">
                  {selectorError}
                </span>
              )}
            </label>
          </div>
          {kind === "pods" && (
            <p className="cc-muted">
              Pods update live on the{" "}
              <Link href={podsPageHref(clusterId, namespace || undefined)}>pods page</Link>, with logs and a
              terminal.
            </p>
          )}
          {namespaces.error && <ErrorNotice>{userMessage(namespaces.error)}</ErrorNotice>}
          {list.error && !selectorError && <ErrorNotice>{userMessage(list.error)}</ErrorNotice>}
          {notice && (
            <p className={notice.tone === "problem" ? "cc-error" : "cc-warning"} role="status">
              {notice.text}
            </p>
          )}
          {data && info && !list.error && (
            <>
              <p className="cc-muted cc-inline">
                <span aria-live="polite">
                  {data.total > data.rows.length
                    ? `Showing ${data.rows.length} of ${data.total} ${title.toLowerCase()}`
                    : data.total === 1
                      ? `1 ${info.kind.toLowerCase()}`
                      : `${data.total} ${title.toLowerCase()}`}
                </span>
                <span className="cc-inline" role="status" aria-label="Updates">
                  <Badge tone={live.state === "live" ? "good" : "neutral"}>
                    {live.state === "live"
                      ? "Live"
                      : live.state === "connecting"
                        ? "Connecting…"
                        : "Refreshing every 2 s"}
                  </Badge>
                  {live.state === "off" && live.problem && <span>{live.problem}</span>}
                </span>
              </p>
              {data.total > MAX_ROWS && data.rows.length >= MAX_ROWS && (
                <p className="cc-muted">
                  The first {MAX_ROWS.toLocaleString()} are shown; narrow the list with a namespace, search or
                  label selector.
                </p>
              )}
              <ResourcesTable
                kind={info}
                rows={data.rows}
                complete={data.nextCursor === null}
                now={now}
                href={href}
                sorting={sorting}
                onSortingChange={onSortingChange}
                onNearEnd={onNearEnd}
              />
            </>
          )}
          {!data && !list.error && (
            <Card>
              <EmptyState>Loading {title.toLowerCase()}…</EmptyState>
            </Card>
          )}
        </div>
      </div>
    </AppShell>
  );
}
