"use client";
import type { HelmSearchResult } from "@clustercord/contracts";
import { Badge, Card, EmptyState, ErrorNotice } from "@clustercord/ui";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useParams, useSearchParams } from "next/navigation";
import { Suspense, useEffect, useId, useState } from "react";
import { AppShell } from "~/components/app-shell";
import { chartHref } from "~/components/helm/format";
import { HelmNav } from "~/components/helm/helm-nav";
import { RepositoriesCard } from "~/components/helm/repositories-card";
import { useHelmRole } from "~/components/helm/use-helm-role";
import { userMessage, useTRPC } from "~/lib/trpc";

const TYPING_DELAY_MS = 300;

function useDebounced<T>(value: T, delay: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

export default function HelmSearchPage() {
  return (
    <Suspense>
      <Search />
    </Suspense>
  );
}

function Search() {
  const { clusterId } = useParams<{ clusterId: string }>();
  const searchParams = useSearchParams();
  const trpc = useTRPC();
  const inputId = useId();
  const { isAdmin } = useHelmRole();
  const [text, setText] = useState(() => searchParams.get("q") ?? "");
  const q = useDebounced(text.trim(), TYPING_DELAY_MS);

  // The address holds the query, so a link shows the same results.
  useEffect(() => {
    const url = new URL(window.location.href);
    if (q) url.searchParams.set("q", q);
    else url.searchParams.delete("q");
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, "", url);
  }, [q]);

  const search = useQuery({ ...trpc.helm.search.queryOptions({ query: q }), enabled: q.length > 0 });
  const data = search.data;

  return (
    <AppShell>
      <div className="cc-helm-head">
        <h1 className="cc-page-title">Find a chart</h1>
      </div>
      <HelmNav clusterId={clusterId} current="search" />
      <div className="cc-helm-controls">
        <label htmlFor={inputId}>
          Search charts
          <input
            id={inputId}
            type="search"
            data-shortcut="search"
            placeholder="nginx, postgresql, prometheus…"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
      </div>
      {search.error && <ErrorNotice>{userMessage(search.error)}</ErrorNotice>}
      {q && search.isFetching && !data && <p className="cc-muted">Searching…</p>}
      {data && (
        <>
          <p className="cc-muted" aria-live="polite">
            {data.results.length} {data.results.length === 1 ? "chart" : "charts"}
          </p>
          {data.results.length > 0 && (
            <ul className="cc-helm-results" aria-label="Charts">
              {data.results.map((r) => (
                <ResultCard key={`${r.source}:${r.ref}`} clusterId={clusterId} result={r} />
              ))}
            </ul>
          )}
          {data.problems.length > 0 && (
            <details className="cc-helm-problems cc-muted">
              <summary>
                {data.problems.length} {data.problems.length === 1 ? "source" : "sources"} could not be asked
              </summary>
              <ul>
                {data.problems.map((p) => (
                  <li key={p.source}>
                    {p.source}: {p.problem}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
      {!q && (
        <Card>
          <EmptyState>Type a chart's name to search ArtifactHub and this server's repositories.</EmptyState>
        </Card>
      )}
      <RepositoriesCard isAdmin={isAdmin} />
    </AppShell>
  );
}

function ResultCard({ clusterId, result: r }: { clusterId: string; result: HelmSearchResult }) {
  return (
    <li className="cc-helm-result" data-chart={r.ref}>
      <h2>
        <Link href={chartHref(clusterId, r.ref)}>{r.ref}</Link>
      </h2>
      <p className="cc-inline">
        <span>v{r.version}</span>
        {r.appVersion && <span className="cc-muted">app {r.appVersion}</span>}
        {r.stars !== null && <span className="cc-muted">★ {r.stars}</span>}
        {r.official && <Badge tone="good">official</Badge>}
        {r.verified && <Badge tone="accent">verified</Badge>}
        <Badge>{r.source === "artifacthub" ? "ArtifactHub" : "repository"}</Badge>
      </p>
      {r.description && <p className="cc-muted">{r.description}</p>}
    </li>
  );
}
