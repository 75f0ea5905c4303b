"use client";
import { type PolicyKey, PolicySeverity } from "@clustercord/contracts";
import { Badge, Button, Card, EmptyState, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useParams, useSearchParams } from "next/navigation";
import { Suspense, useEffect, useId, useState } from "react";
import { AppShell } from "~/components/app-shell";
import { shortDate } from "~/components/helm/format";
import { useGuildRole } from "~/components/manifests/use-role";
import { NamespaceSelect } from "~/components/namespace-select";
import { FixDialog } from "~/components/policies/fix-dialog";
import {
  auditSummary,
  isPolicyKey,
  isSeverity,
  severityFilterLabel,
  severityTone,
  workloadProblem,
} from "~/components/policies/format";
import { PolicyCard } from "~/components/policies/policy-card";
import { ReportDownloads } from "~/components/policies/report-downloads";
import type { ViolationOut } from "~/components/policies/types";
import { ViolationsTable } from "~/components/policies/violations-table";
import "~/components/policies/policies.css";
import { userMessage, useTRPC } from "~/lib/trpc";
import { refreshEvery } from "../resources/refresh";

/** The background audit keeps violations current; the page asks again this often. */
const REFRESH_MS = 15_000;

export default function PoliciesPage() {
  return (
    <Suspense>
      <Policies />
    </Suspense>
  );
}

function Policies() {
  const { clusterId } = useParams<{ clusterId: string }>();
  const searchParams = useSearchParams();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canOperate } = useGuildRole();
  const ids = { severity: useId(), policy: useId(), workload: useId(), workloadProblem: useId() };

  const [severity, setSeverity] = useState<PolicySeverity | "">(() => {
    const s = searchParams.get("severity");
    return isSeverity(s) ? s : "";
  });
  const [policy, setPolicy] = useState<PolicyKey | "">(() => {
    const p = searchParams.get("policy");
    return isPolicyKey(p) ? p : "";
  });
  const [namespace, setNamespace] = useState(() => searchParams.get("namespace") ?? "");
  const [workload, setWorkload] = useState(() => searchParams.get("workload") ?? "");
  const [fixing, setFixing] = useState<ViolationOut | null>(null);
  const workloadWhy = workloadProblem(workload);
  const workloadFilter = !workloadWhy && workload.trim() ? workload.trim() : "";

  // The address holds the filters, so a link shows the same table.
  useEffect(() => {
    const url = new URL(window.location.href);
    for (const [key, value] of [
      ["severity", severity],
      ["policy", policy],
      ["namespace", namespace],
      ["workload", workloadFilter],
    ] as const) {
      if (value) url.searchParams.set(key, value);
      else url.searchParams.delete(key);
    }
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, "", url);
  }, [severity, policy, namespace, workloadFilter]);

  const clusters = useQuery(trpc.clusters.list.queryOptions());
  const cluster = clusters.data?.clusters.find((c) => c.id === clusterId);
  const namespaces = useQuery(trpc.namespaces.list.queryOptions({ clusterId }));
  const list = useQuery({
    ...trpc.policies.list.queryOptions({ clusterId }),
    refetchInterval: refreshEvery(REFRESH_MS),
  });
  const violations = useQuery({
    ...trpc.policies.violations.queryOptions({
      clusterId,
      ...(severity ? { severity } : {}),
      ...(policy ? { policy } : {}),
      ...(namespace ? { namespace } : {}),
      ...(workloadFilter ? { workload: workloadFilter } : {}),
    }),
    placeholderData: (previous) => previous,
    refetchInterval: refreshEvery(REFRESH_MS),
  });
  const audit = useMutation(
    trpc.policies.audit.mutationOptions({
      onSettled: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.policies.list.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.policies.violations.queryKey() });
      },
    }),
  );

  const data = list.data;
  const mine = namespaces.data?.namespaces ?? [];
  const nsOptions = namespace && !mine.includes(namespace) ? [namespace, ...mine] : mine;
  const lastAudit = violations.data?.lastAuditAt ?? data?.lastAuditAt ?? null;
  const titles = new Map((data?.policies ?? []).map((p) => [p.key, p.title]));

  return (
    <AppShell>
      <div className="cc-policies-head">
        <h1 className="cc-page-title">Policies{cluster ? ` on ${cluster.name}` : ""}</h1>
        <ReportDownloads clusterId={clusterId} />
      </div>
      {list.error && <ErrorNotice>{userMessage(list.error)}</ErrorNotice>}
      {data && !data.canManage && (
        <p className="cc-policy-note" data-testid="policies-read-only">
          Read-only:{" "}
          {data.shared
            ? "only admins of the server that owns this shared cluster change its policies. You see those that apply to your namespaces."
            : "only this server's admins change policies."}
        </p>
      )}
      {data ? (
        <section aria-label="Policies" className="cc-policies">
          {data.policies.map((p) => (
            <PolicyCard
              key={p.key}
              clusterId={clusterId}
              policy={p}
              canManage={data.canManage}
              onShowViolations={() => {
                setPolicy(p.key);
                document.getElementById("violations")?.scrollIntoView({ behavior: "smooth" });
              }}
            />
          ))}
        </section>
      ) : (
        !list.error && (
          <Card>
            <EmptyState>Loading policies…</EmptyState>
          </Card>
        )
      )}

      <section aria-labelledby="violations" className="cc-violations">
        <div className="cc-violations-head">
          <h2 id="violations">Violations</h2>
          <p className="cc-muted" data-testid="last-audit">
            Last audit: {lastAudit ? `${shortDate(lastAudit)} UTC` : "not yet"}
          </p>
          {canOperate && (
            <Button
              variant="secondary"
              disabled={audit.isPending}
              onClick={() => audit.mutate({ clusterId })}
            >
              {audit.isPending ? "Auditing…" : "Run audit now"}
            </Button>
          )}
        </div>
        {audit.data && (
          <p role="status" className="cc-muted" data-testid="audit-result">
            {auditSummary(audit.data)}
          </p>
        )}
        {audit.error && <ErrorNotice>{userMessage(audit.error)}</ErrorNotice>}
        <div className="cc-violation-filters">
          <label htmlFor={ids.severity}>
            Severity
            <select
              id={ids.severity}
              value={severity}
              onChange={(e) => setSeverity(e.target.value as PolicySeverity | "")}
            >
              <option value="">Any severity</option>
              {PolicySeverity.options.map((s) => (
                <option key={s} value={s}>
                  {severityFilterLabel(s)}
                </option>
              ))}
            </select>
          </label>
          <label htmlFor={ids.policy}>
            Policy
            <select
              id={ids.policy}
              value={policy}
              onChange={(e) => setPolicy(isPolicyKey(e.target.value) ? e.target.value : "")}
            >
              <option value="">Every policy</option>
              {[...titles].map(([key, title]) => (
                <option key={key} value={key}>
                  {title}
                </option>
              ))}
            </select>
          </label>
          <NamespaceSelect
            namespaces={nsOptions}
            value={namespace}
            onChange={setNamespace}
            allLabel="All my namespaces"
          />
          <label htmlFor={ids.workload}>
            Workload
            <input
              id={ids.workload}
              type="search"
              value={workload}
              placeholder="Deployment/api"
              autoCapitalize="off"
              spellCheck={false}
              aria-invalid={workloadWhy ? true : undefined}
              aria-describedby={workloadWhy ? ids.workloadProblem : undefined}
              onChange={(e) => setWorkload(e.target.value)}
            />
          </label>
        </div>
        {workloadWhy && (
          <p id={ids.workloadProblem} className="cc-policy-error">
            {workloadWhy}
          </p>
        )}
        {violations.error && <ErrorNotice>{userMessage(violations.error)}</ErrorNotice>}
        {violations.data && (
          <>
            <ul className="cc-severity-counts" aria-label="Open violations by severity">
              {PolicySeverity.options
                .filter((s) => violations.data.counts[s] > 0)
                .map((s) => (
                  <li key={s} data-severity={s}>
                    <Badge tone={severityTone(s)}>{s}</Badge> {violations.data.counts[s]}
                  </li>
                ))}
            </ul>
            <p className="cc-muted" aria-live="polite" data-testid="violations-count">
              {violations.data.violations.length}{" "}
              {violations.data.violations.length === 1 ? "open violation" : "open violations"}
            </p>
            <ViolationsTable
              clusterId={clusterId}
              violations={violations.data.violations}
              onFix={canOperate ? setFixing : null}
            />
          </>
        )}
      </section>
      {fixing && <FixDialog clusterId={clusterId} violation={fixing} onClose={() => setFixing(null)} />}
    </AppShell>
  );
}
