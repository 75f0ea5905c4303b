"use client";
import type { DiagnoseTarget } from "@clustercord/contracts";
import { Button, ErrorNotice } from "@clustercord/ui";
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { shortDate } from "~/components/helm/format";
import { userMessage, useTRPC } from "~/lib/trpc";
import { ApplyFixDialog } from "./apply-fix";
import { AskAi } from "./ask-ai";
import { FindingsList } from "./findings-view";
import { findingsSummary, targetText, unreadText } from "./format";
import type { FindingOut } from "./types";
import "./diagnostics.css";

/**
 * The Diagnose button and, once pressed, what diagnostics.run found for
 * `target` (the same procedure and words as the Discord command). It runs
 * only when asked: a diagnosis reads many kinds, and a result that changed
 * under the reader's eyes would be hard to follow.
 */
export function DiagnosePanel({ clusterId, target }: { clusterId: string; target: DiagnoseTarget }) {
  const trpc = useTRPC();
  const headingId = useId();
  const [asked, setAsked] = useState(false);
  const [fixing, setFixing] = useState<FindingOut | null>(null);
  const run = useQuery({
    ...trpc.diagnostics.run.queryOptions({ clusterId, target }, { retry: false }),
    enabled: asked,
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
  const busy = run.isFetching;
  const data = run.data;
  const unread = data ? unreadText(data.unread) : null;

  return (
    <section
      className="cc-diag"
      aria-labelledby={headingId}
      data-testid="diagnosis"
      data-state={!asked ? "idle" : busy ? "running" : run.error ? "error" : data ? "done" : "idle"}
      // When the last answer (or refusal) came: tells one run from the next.
      data-answered-at={Math.max(run.dataUpdatedAt, run.errorUpdatedAt)}
    >
      <div className="cc-diag-bar">
        <h2 id={headingId}>Diagnosis</h2>
        <Button
          variant={asked ? "secondary" : "primary"}
          disabled={busy}
          onClick={() => (asked ? void run.refetch() : setAsked(true))}
        >
          {busy ? "Diagnosing…" : asked ? "Diagnose again" : "Diagnose"}
        </Button>
      </div>
      {!asked && (
        <p className="cc-muted cc-diag-hint">
          Looks for known problems with {targetText(target)} in what you may read, with the evidence and a
          fix.
        </p>
      )}
      <p role="status" className="cc-diag-status">
        {busy && !data ? `Diagnosing ${targetText(target)}…` : ""}
        {data && !busy ? `${findingsSummary(data.findings)} · checked ${shortDate(data.checkedAt)} UTC` : ""}
      </p>
      {run.error && <ErrorNotice>{userMessage(run.error)}</ErrorNotice>}
      {data && (
        <>
          {unread && (
            <p className={data.findings.length ? "cc-muted cc-diag-unread" : "cc-warning cc-diag-unread"}>
              {unread}
              {data.findings.length ? "" : " A clean answer covers only what could be read."}
            </p>
          )}
          {data.findings.length > 0 && (
            <FindingsList findings={data.findings} onApplyFix={setFixing} history={data.history} />
          )}
          <AskAi clusterId={clusterId} target={target} />
        </>
      )}
      {fixing && (
        <ApplyFixDialog
          clusterId={clusterId}
          target={target}
          finding={fixing}
          onClose={() => setFixing(null)}
        />
      )}
    </section>
  );
}
