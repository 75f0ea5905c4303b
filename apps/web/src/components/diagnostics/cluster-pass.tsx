"use client";
import { Badge, Button, ErrorNotice } from "@clustercord/ui";
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { shortDate } from "~/components/helm/format";
import { userMessage, useTRPC } from "~/lib/trpc";
import { ApplyFixDialog, findingTarget } from "./apply-fix";
import { FindingsList } from "./findings-view";
import { cappedText, groupByNamespace, scopeText, severityCounts, severityTone, unreadText } from "./format";
import type { FindingOut } from "./types";
import "./diagnostics.css";

/**
 * The Health page's whole pass: what diagnostics.cluster finds in everything
 * the person may read (the same procedure and order as the Discord command),
 * grouped by namespace. It runs once on arrival and again only when asked,
 * so the list does not change under the reader's eyes.
 */
export function ClusterPass({ clusterId }: { clusterId: string }) {
  const trpc = useTRPC();
  const headingId = useId();
  const [fixing, setFixing] = useState<FindingOut | null>(null);
  const fixTarget = fixing ? findingTarget(fixing) : null;
  const pass = useQuery({
    ...trpc.diagnostics.cluster.queryOptions({ clusterId }, { retry: false }),
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
  const busy = pass.isFetching;
  const data = pass.data;
  const unread = data ? unreadText(data.unread) : null;
  const capped = data ? cappedText(data.findings.length, data.total) : null;

  return (
    <section
      className="cc-diag"
      aria-labelledby={headingId}
      data-testid="cluster-pass"
      data-state={busy ? "running" : pass.error ? "error" : data ? "done" : "idle"}
      // When the last answer (or refusal) came: tells one pass from the next.
      data-answered-at={Math.max(pass.dataUpdatedAt, pass.errorUpdatedAt)}
    >
      <div className="cc-diag-bar">
        <h2 id={headingId}>All findings</h2>
        <Button variant="secondary" disabled={busy} onClick={() => void pass.refetch()}>
          {busy ? "Diagnosing…" : "Diagnose again"}
        </Button>
      </div>
      <p role="status" className="cc-diag-status">
        {busy ? "Diagnosing everything you may read…" : ""}
        {data && !busy
          ? `${data.total} ${data.total === 1 ? "finding" : "findings"} in ${scopeText(data.scope)} · checked ${shortDate(data.checkedAt)} UTC`
          : ""}
      </p>
      {pass.error && <ErrorNotice>{userMessage(pass.error)}</ErrorNotice>}
      {data && (
        <>
          <ul className="cc-pass-counts" aria-label="Findings by severity">
            {severityCounts(data.bySeverity).map(({ severity, count }) => (
              <li key={severity} data-severity={severity}>
                <Badge tone={count ? severityTone(severity) : "neutral"}>{severity}</Badge>
                <span className="cc-pass-count">{count}</span>
              </li>
            ))}
          </ul>
          {capped && <p className="cc-muted cc-pass-capped">{capped}</p>}
          {unread && (
            <p className={data.total ? "cc-muted cc-diag-unread" : "cc-warning cc-diag-unread"}>
              {unread}
              {data.total ? "" : " A clean answer covers only what could be read."}
            </p>
          )}
          {data.total === 0 && <p>No problems found in what you may read.</p>}
          {groupByNamespace(data.findings).map((group) => (
            <PassGroup
              key={group.namespace ?? ""}
              label={group.label}
              findings={group.findings}
              onApplyFix={setFixing}
            />
          ))}
        </>
      )}
      {fixing && fixTarget && (
        <ApplyFixDialog
          clusterId={clusterId}
          target={fixTarget}
          finding={fixing}
          onClose={() => {
            setFixing(null);
            // The pass is diagnosed again so the list shows what the fix changed.
            void pass.refetch();
          }}
        />
      )}
    </section>
  );
}

function PassGroup({
  label,
  findings,
  onApplyFix,
}: {
  label: string;
  findings: Parameters<typeof FindingsList>[0]["findings"];
  onApplyFix: (f: FindingOut) => void;
}) {
  const id = useId();
  return (
    <section className="cc-pass-group" aria-labelledby={id} data-namespace-group={label}>
      <h3 id={id}>
        {label} <span className="cc-muted">({findings.length})</span>
      </h3>
      <FindingsList
        findings={findings}
        level={4}
        onApplyFix={(f) => (findingTarget(f) ? onApplyFix(f) : undefined)}
      />
    </section>
  );
}
