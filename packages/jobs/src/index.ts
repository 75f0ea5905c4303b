export {
  type BackgroundJobs,
  type BackgroundJobsOptions,
  type CatalogEntry,
  coreJobs,
  startBackgroundJobs,
} from "./background";
export { type BackoffPolicy, DEFAULT_BACKOFF, retryDelayMs } from "./backoff";
export { applyCleanup, CLEANUP_SCHEDULE, type CleanupResult, cleanupJob } from "./cleanup/job";
export { type CleanupPlan, type CleanupPolicy, planCleanup } from "./cleanup/plan";
export { createJobRunner, type JobRunnerConfig } from "./create";
export { type AnyJob, defineJob, type JobContext, type JobDefinition, type JobSpec } from "./define";
export { isRetryable } from "./failure";
export { stopOnSignals } from "./process";
export type { QueueRunnerOptions } from "./queue";
export {
  DEFAULT_GRACE_MS,
  DEFAULT_IDEMPOTENCY_TTL_MS,
  type EnqueueOptions,
  type EnqueueResult,
  type JobCompletedEvent,
  type JobFailedEvent,
  type JobRunEvent,
  type JobRunner,
  type QueueDepth,
  type ScheduleOptions,
  type StopOptions,
  type StopResult,
} from "./runner";
export { DEFAULT_JOBS_PREFIX, jobsSettings, redisUrlSetting } from "./settings";
