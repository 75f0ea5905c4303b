/** The watch-backed cache registry an API process owns (ApiDeps.caches). */
/** The guard for every connection to a cluster (ApiDeps.clusterGuard), from the operator's policy. */
export { CLUSTER_POLICY_SETTINGS, createClusterGuard, ResourceCaches } from "@clustercord/kube";
export { type AiDeps, createAiDeps, LLM_POLICY_SETTINGS } from "./ai-deps";
export type { ApiDeps, Context, HelmDeps, Identity } from "./context";
export { identify } from "./context";
export { CHART_POLICY_SETTINGS, createHelmDeps } from "./helm-deps";
export { type ApiHandlerOptions, createApiHandler } from "./http";
export {
  createRateLimiter,
  defaultRateLimits,
  type RateClass,
  type RateLimiter,
  type RateLimiterOptions,
  SlowDown,
} from "./rate-limit";
export { type AppRouter, appRouter, createCaller } from "./root";
export { type AlertsEngineDeps, evaluateAlerts, loadAlertsConfig } from "./services/alerts-engine";
export {
  ALERTS_EVALUATE_JOB,
  ALERTS_TICK_JOB,
  alertsJobs,
  createAlertsWatcher,
} from "./services/alerts-jobs";
export {
  CANARY_ANALYSE_JOB,
  CANARY_SWEEP_JOB,
  type CanaryJobDeps,
  canaryJobs,
  DEFAULT_CANARY_CHECK_SECONDS,
} from "./services/canary-jobs";
export {
  COST_CLEANUP_JOB,
  COST_SAMPLE_JOB,
  COST_SAMPLE_SWEEP_JOB,
  costJobs,
  DEFAULT_COST_RETENTION_DAYS,
  DEFAULT_COST_SAMPLE_SECONDS,
  retentionCutoffs,
} from "./services/cost-jobs";
export { type SamplePassResult, type SamplerDeps, sampleCluster } from "./services/cost-sampler";
export type { FollowedRun, JobFollower } from "./services/jobs";
export {
  DEFAULT_JOB_DONE_DM_AFTER_SECONDS,
  JOBS_FOLLOW_JOB,
  type JobFollowDeps,
  jobRunJobs,
} from "./services/jobs-follow";
export type { NotificationsDeps } from "./services/notify/deps";
export type { AuditDeps } from "./services/policy-audit";
export { auditSchedule, DEFAULT_POLICY_AUDIT_SECONDS, policyAuditJobs } from "./services/policy-job";
export type { SnapshotsDeps, SnapshotTaker } from "./services/snapshot-deps";
export {
  SNAPSHOT_SWEEP_JOB,
  SNAPSHOT_TAKE_JOB,
  type SnapshotJobDeps,
  snapshotJobs,
  sweepSnapshots,
  takeSnapshot,
} from "./services/snapshot-jobs";
export { rotateSnapshotKeys } from "./services/snapshot-keys";
export { createSnapshotDownloadHandler, SNAPSHOT_DOWNLOAD_PATH } from "./snapshot-download";
export type { LiveOptions } from "./sockets/live-subscriptions";
export {
  createNotificationsSocketHandler,
  type NotificationsSocket,
  type NotificationsSocketOptions,
} from "./sockets/notifications";
export { OUTBOX_HIGH_WATER, OUTBOX_LOW_WATER } from "./sockets/outbox";
export { createPodsSocketHandler, type PodsSocketOptions } from "./sockets/pods";
export { createResourcesSocketHandler } from "./sockets/resources";
export type { ApiSocket } from "./sockets/socket";
export { createStreamHandler, type StreamHandlerOptions } from "./sockets/streams";
