import { z } from "zod";
import { ActionPlan, ClusterId } from "./clusters";
import { NamespaceName } from "./pods";
import { KubeName } from "./streams";

/**
 * The job runner (guide feature 10): one-off Jobs and CronJobs created as the
 * person, labelled `clustercord.io/created-by`, and followed to the end.
 */

/** 4 KiB: the whole command line (command + args), counted in UTF-8 bytes. */
export const MAX_COMMAND_BYTES = 4096;

/** `pvc:/path`, or `pvc:/path:ro`: a PersistentVolumeClaim of the namespace mounted at an absolute path. */
/** The refusal for a command line over 4 KiB, or null: every procedure that takes a command checks it. */
export function commandTooLong(parts: readonly string[]): string | null {
  const encoder = new TextEncoder();
  const bytes = parts.reduce((n, p) => n + encoder.encode(p).length + 1, 0) - 1;
  return bytes > MAX_COMMAND_BYTES
    ? `The command is ${bytes} bytes long; at most ${MAX_COMMAND_BYTES} bytes (4 KiB) are allowed.`
    : null;
}

export const VolumeMount = z
  .string()
  .max(300)
  .regex(
    /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?:\/[^\s:]*(:ro)?$/,
    "volume must be <pvc-name>:/absolute/path (optionally :ro)",
  );

export const JobResources = z.object({
  /** Kubernetes quantities: "250m", "1", "128Mi". */
  cpu: z.string().max(32).optional(),
  memory: z.string().max(32).optional(),
});

export const JobSpecInput = z.object({
  clusterId: ClusterId,
  namespace: NamespaceName,
  /** Defaults to `run-<image name>-<random>`. */
  name: KubeName.max(52).optional(),
  image: z.string().min(1).max(512),
  /** The executable and its arguments; together at most 4 KiB. */
  command: z.array(z.string().max(MAX_COMMAND_BYTES)).min(1).max(256),
  args: z.array(z.string().max(MAX_COMMAND_BYTES)).max(256).default([]),
  /** A Kubernetes Secret of the namespace whose keys become environment variables (envFrom). */
  envFromSecret: KubeName.optional(),
  volume: VolumeMount.optional(),
  resources: JobResources.optional(),
  /** Default 1 day. */
  ttlSecondsAfterFinished: z
    .number()
    .int()
    .min(0)
    .max(30 * 86_400)
    .default(86_400),
  backoffLimit: z.number().int().min(0).max(20).default(0),
  activeDeadlineSeconds: z
    .number()
    .int()
    .min(1)
    .max(7 * 86_400)
    .optional(),
});
export type JobSpecInput = z.input<typeof JobSpecInput>;

export const JobsRunInput = JobSpecInput;
export type JobsRunInput = z.input<typeof JobsRunInput>;

export const JobPhase = z.enum(["pending", "running", "succeeded", "failed", "suspended"]);
export type JobPhase = z.infer<typeof JobPhase>;

export const JobSummary = z.object({
  name: z.string(),
  namespace: z.string(),
  phase: JobPhase,
  image: z.string(),
  /** The command line as one string, for display. */
  command: z.string(),
  /** The Discord user id in clustercord.io/created-by, null for jobs made elsewhere. */
  createdBy: z.string().nullable(),
  /** The CronJob that made it, if any. */
  cronJob: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** Seconds from start to finish (or to now while running). */
  durationSeconds: z.number().min(0).nullable(),
  /** The main container's exit code once it ended. */
  exitCode: z.number().int().nullable(),
  succeeded: z.number().int().min(0),
  failed: z.number().int().min(0),
  /** The job's pod (the newest), for logs. */
  pod: z.string().nullable(),
  createdAt: z.string(),
});
export type JobSummary = z.infer<typeof JobSummary>;

export const JobRef = z.object({ clusterId: ClusterId, namespace: NamespaceName, job: KubeName });
export type JobRef = z.infer<typeof JobRef>;

export const JobsGetOutput = z.object({
  job: JobSummary,
  /** The last lines of the job pod's log (at most 20), empty before it starts. */
  lastLogLines: z.array(z.string()),
});
export type JobsGetOutput = z.infer<typeof JobsGetOutput>;

export const JobsRunOutput = z.object({ message: z.string(), job: JobSummary });
export type JobsRunOutput = z.infer<typeof JobsRunOutput>;

export const JobsListInput = z.object({
  clusterId: ClusterId,
  namespace: NamespaceName,
  /** Only jobs a person ran through ClusterCord (the created-by label). */
  onlyClusterCord: z.boolean().default(false),
});
export type JobsListInput = z.input<typeof JobsListInput>;

export const CronJobSummary = z.object({
  name: z.string(),
  namespace: z.string(),
  schedule: z.string(),
  timeZone: z.string().nullable(),
  suspended: z.boolean(),
  concurrencyPolicy: z.enum(["Allow", "Forbid", "Replace"]),
  image: z.string(),
  command: z.string(),
  lastScheduleAt: z.string().nullable(),
  /** The next 3 run times (ISO), none while suspended. */
  nextRuns: z.array(z.string()),
  active: z.number().int().min(0),
  createdBy: z.string().nullable(),
});
export type CronJobSummary = z.infer<typeof CronJobSummary>;

export const JobsListOutput = z.object({ jobs: z.array(JobSummary), cronJobs: z.array(CronJobSummary) });
export type JobsListOutput = z.infer<typeof JobsListOutput>;

export const JobsLogsInput = JobRef.extend({ tailLines: z.number().int().min(1).max(5000).default(200) });
export type JobsLogsInput = z.input<typeof JobsLogsInput>;
export const JobsLogsOutput = z.object({
  pod: z.string().nullable(),
  lines: z.array(z.string()),
  truncated: z.boolean(),
});
export type JobsLogsOutput = z.infer<typeof JobsLogsOutput>;

/** A Job or a CronJob: jobs.planDelete / jobs.delete take either. */
export const JobsDeleteTarget = JobRef.extend({ kind: z.enum(["Job", "CronJob"]).default("Job") });
export type JobsDeleteTarget = z.input<typeof JobsDeleteTarget>;
export const JobsPlanDeleteOutput = ActionPlan;
export const JobsDeleteInput = JobsDeleteTarget.extend({ confirmToken: z.string().min(1).max(2000) });
export type JobsDeleteInput = z.input<typeof JobsDeleteInput>;
export const JobsDeleteOutput = z.object({ message: z.string() });

export const ConcurrencyPolicy = z.enum(["Allow", "Forbid", "Replace"]);

export const JobsScheduleInput = JobSpecInput.omit({ name: true }).extend({
  name: KubeName.max(52),
  /** Five-field cron ("*\/15 * * * *") or @hourly/@daily/@weekly/@monthly/@yearly. */
  cron: z.string().min(1).max(100),
  /** IANA zone; defaults to the person's notification time zone, else UTC. */
  timeZone: z.string().max(64).optional(),
  concurrencyPolicy: ConcurrencyPolicy.default("Forbid"),
});
export type JobsScheduleInput = z.input<typeof JobsScheduleInput>;
export const JobsScheduleOutput = z.object({ message: z.string(), cronJob: CronJobSummary });
export type JobsScheduleOutput = z.infer<typeof JobsScheduleOutput>;

/** Checks a cron expression without creating anything: the web form's preview. */
export const JobsPreviewScheduleInput = z.object({
  cron: z.string().min(1).max(100),
  timeZone: z.string().max(64).optional(),
});
export const JobsPreviewScheduleOutput = z.object({
  /** In words where possible: "every 15 minutes". */
  description: z.string(),
  timeZone: z.string(),
  nextRuns: z.array(z.string()),
});
export type JobsPreviewScheduleOutput = z.infer<typeof JobsPreviewScheduleOutput>;

export const CronJobRef = z.object({ clusterId: ClusterId, namespace: NamespaceName, cronJob: KubeName });
export type CronJobRef = z.infer<typeof CronJobRef>;
export const JobsCronActionOutput = z.object({ message: z.string(), cronJob: CronJobSummary });
export type JobsCronActionOutput = z.infer<typeof JobsCronActionOutput>;
/** jobs.trigger: a Job made from the CronJob's template now, as `kubectl create job --from=cronjob/…`. */
export const JobsTriggerOutput = z.object({ message: z.string(), job: JobSummary });
export type JobsTriggerOutput = z.infer<typeof JobsTriggerOutput>;

// ---- One-shot exec (pods.exec) ----

export const EXEC_TIMEOUT_SECONDS = 30;
export const EXEC_MAX_OUTPUT_BYTES = 1 << 20;

export const PodsExecInput = z.object({
  clusterId: ClusterId,
  namespace: NamespaceName,
  pod: KubeName,
  container: KubeName.optional(),
  /** The executable and its arguments (no shell unless you run one); together at most 4 KiB. */
  command: z.array(z.string().max(MAX_COMMAND_BYTES)).min(1).max(256),
  timeoutSeconds: z.number().int().min(1).max(EXEC_TIMEOUT_SECONDS).default(EXEC_TIMEOUT_SECONDS),
});
export type PodsExecInput = z.input<typeof PodsExecInput>;

export const PodsExecOutput = z.object({
  container: z.string(),
  /** null when it timed out. */
  exitCode: z.number().int().nullable(),
  timedOut: z.boolean(),
  /** stdout and stderr interleaved as they came, at most 1 MiB. */
  output: z.string(),
  truncated: z.boolean(),
  durationMs: z.number().int().min(0),
});
export type PodsExecOutput = z.infer<typeof PodsExecOutput>;
