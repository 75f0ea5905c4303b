"use client";
import type { JobSummary } from "@clustercord/contracts";
import { Badge, Dialog, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { TwoStepAction } from "~/app/clusters/two-step-action";
import { userMessage, useTRPC } from "~/lib/trpc";
import { exitCodeText, formatDuration, formatInZone, isActive, phaseLabel, phaseTone, ranBy } from "./format";

/** While a job runs, its details and logs are asked again this often (besides the live notices). */
const WHILE_RUNNING_MS = 2_000;
const LOG_LINES = 200;

/**
 * One job: jobs.get's details, the last lines of jobs.logs (asked again while
 * it runs), and Delete in two steps for operators (jobs.planDelete, then
 * jobs.delete with the plan's token).
 */
export function JobDialog({
  target,
  me,
  canOperate,
  onClose,
}: {
  target: { clusterId: string; namespace: string; job: string };
  me: string | null;
  canOperate: boolean;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const got = useQuery({
    ...trpc.jobs.get.queryOptions(target),
    refetchInterval: (q) => (q.state.data && isActive(q.state.data.job.phase) ? WHILE_RUNNING_MS : false),
  });
  const job = got.data?.job;
  const active = job ? isActive(job.phase) : true;
  const logs = useQuery({
    ...trpc.jobs.logs.queryOptions({ ...target, tailLines: LOG_LINES }),
    refetchInterval: active ? WHILE_RUNNING_MS : false,
  });
  // Once it ends, its last lines are asked for once more (the final poll may have come before them).
  const { refetch: refetchLogs } = logs;
  useEffect(() => {
    if (!active) void refetchLogs();
  }, [active, refetchLogs]);
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={`Job ${target.job}`}
      description={`In ${target.namespace}`}
      wide
    >
      <div className="cc-job-detail" data-job={target.job}>
        {got.error && <ErrorNotice>{userMessage(got.error)}</ErrorNotice>}
        {!job && !got.error && <p className="cc-muted">Loading…</p>}
        {job && <JobFacts job={job} me={me} />}
        <section aria-label="Logs" className="cc-job-logs-section">
          <h3 className="cc-job-subtitle">
            Logs{logs.data?.pod ? ` of ${logs.data.pod}` : ""}
            {logs.data?.truncated ? ` (last ${LOG_LINES} lines)` : ""}
          </h3>
          {logs.error && <ErrorNotice>{userMessage(logs.error)}</ErrorNotice>}
          {logs.data && logs.data.lines.length === 0 && (
            <p className="cc-muted">{active ? "No output yet." : "No output."}</p>
          )}
          {logs.data && logs.data.lines.length > 0 && (
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
            <pre className="cc-job-logs" data-testid="job-logs" tabIndex={0}>
              {logs.data.lines.join("\n")}
            </pre>
          )}
        </section>
        {canOperate && job && (
          <DeleteJobAction
            target={{ clusterId: target.clusterId, namespace: target.namespace, name: target.job }}
            kind="Job"
            onDeleted={onClose}
          />
        )}
      </div>
    </Dialog>
  );
}

function JobFacts({ job, me }: { job: JobSummary; me: string | null }) {
  return (
    <dl className="cc-facts cc-job-facts">
      <dt>Status</dt>
      <dd>
        <Badge tone={phaseTone[job.phase]}>{phaseLabel[job.phase]}</Badge>
      </dd>
      <dt>Exit code</dt>
      <dd data-testid="job-exit-code">{exitCodeText(job.exitCode)}</dd>
      <dt>Duration</dt>
      <dd data-testid="job-duration">{formatDuration(job.durationSeconds)}</dd>
      <dt>Image</dt>
      <dd>{job.image}</dd>
      <dt>Command</dt>
      <dd>
        <code>{job.command}</code>
      </dd>
      <dt>Ran by</dt>
      <dd>{job.cronJob && !job.createdBy ? `schedule ${job.cronJob}` : ranBy(job.createdBy, me)}</dd>
      <dt>Started</dt>
      <dd>{job.startedAt ? `${formatInZone(job.startedAt)} UTC` : "—"}</dd>
      <dt>Finished</dt>
      <dd>{job.finishedAt ? `${formatInZone(job.finishedAt)} UTC` : "—"}</dd>
      <dt>Pods</dt>
      <dd>
        {job.succeeded} succeeded, {job.failed} failed{job.pod ? ` (newest ${job.pod})` : ""}
      </dd>
    </dl>
  );
}

/** Delete in two steps (jobs.planDelete, then jobs.delete with its token); the dialog closes after. */
export function DeleteJobAction({
  target,
  kind,
  onDeleted,
}: {
  target: { clusterId: string; namespace: string; name: string };
  kind: "Job" | "CronJob";
  onDeleted: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(trpc.jobs.delete.mutationOptions());
  const ref = { clusterId: target.clusterId, namespace: target.namespace, job: target.name, kind };
  return (
    <TwoStepAction
      label={kind === "Job" ? "Delete job…" : "Delete schedule…"}
      confirmLabel={`Delete ${target.name}`}
      loadPlan={() => queryClient.fetchQuery({ ...trpc.jobs.planDelete.queryOptions(ref), staleTime: 0 })}
      execute={(confirmToken) => remove.mutateAsync({ ...ref, confirmToken })}
      onDone={async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.jobs.list.pathKey() });
        onDeleted();
      }}
    />
  );
}
