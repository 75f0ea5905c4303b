"use client";
import type { ManifestsInput } from "@clustercord/contracts";
import { Button, Card, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useParams } from "next/navigation";
import { useCallback, useMemo, useRef, useState } from "react";
import { AppShell } from "~/components/app-shell";
import { NamespaceSelect } from "~/components/namespace-select";
import { userMessage, useTRPC } from "~/lib/trpc";
import { ApplyConfirm } from "./apply-confirm";
import { ApplyResultView } from "./apply-result";
import { type ChosenFile, FileDrop } from "./file-drop";
import { batchSummary, editorLine, PASTED_FILE, withApplyStep } from "./format";
import { ObjectsList } from "./objects-list";
import { StepsChecklist } from "./steps-checklist";
import type { ApplyResultOut, PlanOut, ValidationOut } from "./types";
import { useGuildRole } from "./use-role";
import type { EditorMark, YamlEditorHandle } from "./yaml-editor";
import "./manifests.css";

// CodeMirror only here, on demand: no other page downloads it.
const YamlEditor = dynamic(() => import("./yaml-editor"), {
  ssr: false,
  loading: () => <div className="cc-yaml-editor cc-yaml-loading">Loading the editor…</div>,
});

type Report = ValidationOut | PlanOut;
const isPlan = (r: Report | null): r is PlanOut => !!r && "planId" in r;

/** The namespace a batch goes to by default: `default` when it is the person's, else their first. */
function defaultNamespace(mine: readonly string[]): string {
  return mine.includes("default") ? "default" : (mine[0] ?? "");
}

/**
 * The Apply page: YAML typed or pasted into the editor plus dropped or picked
 * files, a default namespace, then Validate (the six steps without applying)
 * or Plan apply (the same, stored as a plan with a token), Confirm, and the
 * result object by object.
 */
export function ApplyWorkbench({ nonce }: { nonce: string | undefined }) {
  const { clusterId } = useParams<{ clusterId: string }>();
  const trpc = useTRPC();
  const { canOperate } = useGuildRole();
  const clusters = useQuery(trpc.clusters.list.queryOptions());
  const cluster = clusters.data?.clusters.find((c) => c.id === clusterId);
  const namespaces = useQuery(trpc.namespaces.list.queryOptions({ clusterId }));
  const mine = namespaces.data?.namespaces ?? [];

  const [text, setText] = useState("");
  const [files, setFiles] = useState<ChosenFile[]>([]);
  const [picked, setPicked] = useState("");
  const namespace = picked || defaultNamespace(mine);
  const [report, setReportOnly] = useState<Report | null>(null);
  // Counts the answers, so a page (or a test) can tell a new report from the last one.
  const [runs, setRuns] = useState(0);
  const setReport = (r: Report) => {
    setReportOnly(r);
    setRuns((n) => n + 1);
  };
  const [stale, setStale] = useState(false);
  const [confirmOpen, setConfirmOpen] = useState(false);
  const [result, setResult] = useState<ApplyResultOut | null>(null);
  const editor = useRef<YamlEditorHandle | null>(null);

  const validate = useMutation(trpc.manifests.validate.mutationOptions());
  const planApply = useMutation(trpc.manifests.planApply.mutationOptions());
  const apply = useMutation(trpc.manifests.apply.mutationOptions());
  const busy = validate.isPending || planApply.isPending;
  const requestError = validate.error ?? planApply.error;

  const pastedBytes = new TextEncoder().encode(text).length;
  const batch = (): ManifestsInput => ({
    clusterId,
    files: [
      ...(text.trim() ? [{ name: PASTED_FILE, encoding: "utf8" as const, content: text }] : []),
      ...files.map((f) => f.file),
    ],
    ...(namespace ? { namespace } : {}),
  });
  const empty = !text.trim() && files.length === 0;

  const started = () => {
    validate.reset();
    planApply.reset();
    apply.reset();
    setResult(null);
    setStale(false);
  };
  const runValidate = () => {
    started();
    validate.mutate(batch(), { onSuccess: setReport });
  };
  const runPlan = () => {
    started();
    planApply.mutate(batch(), {
      onSuccess: (plan) => {
        setReport(plan);
        if (plan.ok && plan.planId) setConfirmOpen(true);
      },
    });
  };
  const confirm = (plan: PlanOut) => {
    if (!plan.planId || !plan.confirmToken) return;
    apply.mutate(
      { clusterId, planId: plan.planId, confirmToken: plan.confirmToken },
      {
        onSuccess: (r) => {
          setResult(r);
          setConfirmOpen(false);
        },
      },
    );
  };

  // Anything changed after a check: the shown report no longer describes the batch.
  const edited = useCallback(<T,>(set: (v: T) => void) => {
    return (v: T) => {
      set(v);
      setStale(true);
    };
  }, []);
  const onText = useMemo(() => edited(setText), [edited]);
  const onFiles = useMemo(() => edited(setFiles), [edited]);
  const onNamespace = useMemo(() => edited(setPicked), [edited]);

  const marks = useMemo<EditorMark[]>(
    () =>
      (report?.steps ?? []).flatMap((s) =>
        s.findings.flatMap((f) => {
          const at = editorLine(f);
          return at ? [{ ...at, severity: f.level, message: f.message }] : [];
        }),
      ),
    [report],
  );
  const goTo = useCallback((line: number, column: number) => editor.current?.goTo(line, column), []);
  const plan = isPlan(report) ? report : null;
  const canApply = !!plan?.ok && !!plan.planId && !stale && !result;

  return (
    <AppShell>
      <div className="cc-apply-head">
        <h1 className="cc-page-title">Apply YAML{cluster ? ` to ${cluster.name}` : ""}</h1>
      </div>
      <div className="cc-apply-layout">
        <form
          className="cc-apply-input"
          aria-label="Manifests"
          onSubmit={(e) => {
            e.preventDefault();
            runValidate();
          }}
        >
          <div className="cc-apply-editor-label">YAML (one or more documents, separated by ---)</div>
          <YamlEditor
            value={text}
            onChange={onText}
            label="YAML to apply"
            nonce={nonce}
            marks={marks}
            editorRef={editor}
          />
          <FileDrop files={files} onChange={onFiles} pastedBytes={pastedBytes} />
          <div className="cc-apply-controls">
            <NamespaceSelect namespaces={mine} value={namespace} onChange={onNamespace} />
            <div className="cc-apply-actions">
              <Button type="submit" variant="secondary" disabled={busy || empty}>
                {validate.isPending ? "Validating…" : "Validate"}
              </Button>
              {canOperate && (
                <Button variant="primary" disabled={busy || empty} onClick={runPlan}>
                  {planApply.isPending ? "Planning…" : "Plan apply"}
                </Button>
              )}
              {canApply && (
                <Button variant="primary" onClick={() => setConfirmOpen(true)}>
                  Apply…
                </Button>
              )}
            </div>
          </div>
          {!canOperate && <p className="cc-muted">Viewers can validate; operators and admins apply.</p>}
          {namespaces.error && <ErrorNotice>{userMessage(namespaces.error)}</ErrorNotice>}
          {requestError && <ErrorNotice>{userMessage(requestError)}</ErrorNotice>}
          {busy && (
            <p className="cc-muted" role="status">
              Checking against the cluster: parse, schema, dry-run, lint, diff…
            </p>
          )}
        </form>

        {report && (
          <section className="cc-apply-report" aria-label="Checks" data-ok={report.ok} data-run={runs}>
            <Card>
              <h2>{plan ? "Plan" : "Validation"}</h2>
              <p className="cc-muted" data-testid="batch-summary">
                {batchSummary(report.counts)}
              </p>
              {stale && (
                <p className="cc-warning" role="status">
                  The manifests changed since this check: validate or plan again.
                </p>
              )}
              {!report.ok && (
                <p className="cc-apply-stop">A step failed: nothing can be applied until it passes.</p>
              )}
              <StepsChecklist steps={withApplyStep(report.steps, result)} onGoTo={goTo} />
            </Card>
            <Card>
              <h2>Objects</h2>
              <ObjectsList objects={report.objects} />
            </Card>
          </section>
        )}
      </div>

      {result && <ApplyResultView result={result} />}

      {plan && (
        <ApplyConfirm
          plan={plan}
          clusterName={cluster?.name ?? clusterId}
          open={confirmOpen && canApply}
          onOpenChange={setConfirmOpen}
          pending={apply.isPending}
          error={apply.error}
          onConfirm={() => confirm(plan)}
        />
      )}
    </AppShell>
  );
}
