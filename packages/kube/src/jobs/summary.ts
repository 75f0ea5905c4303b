/**
 * A Job or CronJob as the clients show it: phase, duration, exit code, who
 * ran it, what made it. Pure: objects and the clock in, summaries out.
 */
import type { CronJobSummary, JobPhase, JobSummary } from "@clustercord/contracts";
import type { V1Container, V1CronJob, V1Job, V1Pod } from "@kubernetes/client-node";
import { cronPreview } from "./cron";
import { CREATED_BY_LABEL, MAIN_CONTAINER } from "./spec";

/** A shell-like line for display: words with spaces or quotes are single-quoted. */
export function commandLine(parts: readonly string[]): string {
  return parts
    .map((p) => (p === "" ? "''" : /[^\w@%+=:,./-]/.test(p) ? `'${p.replace(/'/g, `'"'"'`)}'` : p))
    .join(" ");
}

const time = (value: Date | string | undefined | null): string | null =>
  value ? new Date(value).toISOString() : null;

const mainContainerOf = (containers: readonly V1Container[] | undefined) =>
  containers?.find((c) => c.name === MAIN_CONTAINER) ?? containers?.[0];

/** Whether the pod is one of this Job's (its controller is the Job, or the job-name labels say so). */
export function podOfJob(pod: V1Pod, job: V1Job): boolean {
  const uid = job.metadata?.uid;
  if (uid && pod.metadata?.ownerReferences?.some((o) => o.uid === uid)) return true;
  if (pod.metadata?.namespace !== job.metadata?.namespace) return false;
  const labels = pod.metadata?.labels ?? {};
  const name = job.metadata?.name;
  return !!name && !uid && (labels["batch.kubernetes.io/job-name"] === name || labels["job-name"] === name);
}

const created = (o: { metadata?: { creationTimestamp?: Date | string } }) =>
  o.metadata?.creationTimestamp ? new Date(o.metadata.creationTimestamp).getTime() : 0;

/** The Job's newest pod, if any. */
export function newestPod(job: V1Job, pods: readonly V1Pod[]): V1Pod | null {
  let best: V1Pod | null = null;
  for (const pod of pods) if (podOfJob(pod, job) && (!best || created(pod) >= created(best))) best = pod;
  return best;
}

function phaseOf(job: V1Job, pod: V1Pod | null): JobPhase {
  const conditions = job.status?.conditions ?? [];
  const holds = (type: string) => conditions.some((c) => c.type === type && c.status === "True");
  // Only the terminal conditions: SuccessCriteriaMet / FailureTarget come first, while its pods still
  // terminate and before completionTime is set.
  if (holds("Complete")) return "succeeded";
  if (holds("Failed")) return "failed";
  if (job.spec?.suspend) return "suspended";
  if ((job.status?.active ?? 0) > 0 && pod?.status?.phase === "Running") return "running";
  if ((job.status?.ready ?? 0) > 0) return "running";
  return "pending";
}

function finishedAt(job: V1Job): string | null {
  if (job.status?.completionTime) return time(job.status.completionTime);
  const failed = job.status?.conditions?.find((c) => c.type === "Failed" && c.status === "True");
  return time(failed?.lastTransitionTime);
}

/** The main container's exit code once it ended (the current run, else the last one). */
function exitCodeOf(pod: V1Pod | null): number | null {
  const statuses = pod?.status?.containerStatuses ?? [];
  const main = statuses.find((s) => s.name === MAIN_CONTAINER) ?? statuses[0];
  const ended = main?.state?.terminated ?? main?.lastState?.terminated;
  return ended ? ended.exitCode : null;
}

/** One Job as the clients show it; `pods` may hold any pods (the Job's are picked out). */
export function jobSummary(job: V1Job, pods: readonly V1Pod[], now: Date): JobSummary {
  const pod = newestPod(job, pods);
  const phase = phaseOf(job, pod);
  const container = mainContainerOf(job.spec?.template?.spec?.containers);
  const startedAt = time(job.status?.startTime);
  const finished = finishedAt(job);
  const ended = phase === "succeeded" || phase === "failed";
  const until = finished ? Date.parse(finished) : ended ? null : now.getTime();
  const cron = job.metadata?.ownerReferences?.find((o) => o.kind === "CronJob");
  return {
    name: job.metadata?.name ?? "",
    namespace: job.metadata?.namespace ?? "",
    phase,
    image: container?.image ?? "",
    command: commandLine([...(container?.command ?? []), ...(container?.args ?? [])]),
    createdBy: job.metadata?.labels?.[CREATED_BY_LABEL] ?? null,
    cronJob: cron?.name ?? null,
    startedAt,
    finishedAt: finished,
    durationSeconds:
      startedAt && until !== null ? Math.max(0, Math.round((until - Date.parse(startedAt)) / 1000)) : null,
    exitCode: exitCodeOf(pod),
    succeeded: job.status?.succeeded ?? 0,
    failed: job.status?.failed ?? 0,
    pod: pod?.metadata?.name ?? null,
    createdAt: time(job.metadata?.creationTimestamp) ?? new Date(0).toISOString(),
  };
}

/** "2m 3s", "1h 5m", "45s": a duration as the messages say it. */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

/** How a run ended, in one line: "Job backup-1 in team-a succeeded in 2m 3s (exit code 0)". */
export function jobDoneTitle(job: JobSummary): string {
  const took = job.durationSeconds !== null ? ` in ${formatDuration(job.durationSeconds)}` : "";
  const code = job.exitCode !== null ? ` (exit code ${job.exitCode})` : "";
  return `Job ${job.name} in ${job.namespace} ${job.phase}${took}${code}`;
}

/** One CronJob as the clients show it, with its next 3 runs (none while suspended). */
export function cronJobSummary(cronJob: V1CronJob, now: Date): CronJobSummary {
  const spec = cronJob.spec;
  const container = mainContainerOf(spec?.jobTemplate?.spec?.template?.spec?.containers);
  const timeZone = spec?.timeZone ?? null;
  const preview = spec?.suspend ? null : cronPreview(spec?.schedule ?? "", timeZone ?? "UTC", now);
  const policy = spec?.concurrencyPolicy;
  return {
    name: cronJob.metadata?.name ?? "",
    namespace: cronJob.metadata?.namespace ?? "",
    schedule: spec?.schedule ?? "",
    timeZone,
    suspended: spec?.suspend ?? false,
    concurrencyPolicy: policy === "Forbid" || policy === "Replace" ? policy : "Allow",
    image: container?.image ?? "",
    command: commandLine([...(container?.command ?? []), ...(container?.args ?? [])]),
    lastScheduleAt: time(cronJob.status?.lastScheduleTime),
    nextRuns: preview && "nextRuns" in preview ? preview.nextRuns : [],
    active: cronJob.status?.active?.length ?? 0,
    createdBy: cronJob.metadata?.labels?.[CREATED_BY_LABEL] ?? null,
  };
}
