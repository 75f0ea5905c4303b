/**
 * @clustercord/diagnostics: rule-based analyzers over the shared watch
 * caches' objects. A pass builds one indexed context, then diagnoses a pod,
 * a workload (its pods grouped by cause), a node, a namespace or the whole
 * cluster into findings with evidence, recommendations and, where a patch
 * can fix it, a JSON patch for the confirm path. Pure: plain data in, plain
 * data out; `now` is a parameter.
 */

export { validCronSchedule } from "./analyzers/cron";
export { classifyPullError, type PullCause } from "./analyzers/image-pull";
export {
  type IngressVerdict,
  ingressVerdict,
  isolatingPolicies,
  type Peer,
} from "./analyzers/network-policy";
export { type FixedManifest, FixNotApplicableError, fixedManifest } from "./apply-fix";
export {
  buildContext,
  type ContainerLogs,
  type DiagnosticsContext,
  type DiagnosticsInput,
  type MetricsSample,
  type NamedRef,
  namedRefs,
} from "./context";
export {
  type DiagnosableWorkload,
  type DiagnoseTarget,
  diagnosableWorkloads,
  diagnose,
  diagnoseCluster,
  diagnoseDeployment,
  diagnoseNamespace,
  diagnoseNode,
  diagnosePod,
  diagnoseWorkload,
  TargetNotFoundError,
} from "./diagnose";
export { type ExitMeaning, exitMeaning } from "./exit-codes";
export { sortFindings } from "./finding";
export { fingerprint } from "./fingerprint";
export {
  dayText,
  type HistoryRow,
  historyLine,
  nextHistory,
  type PassScope,
  passCovers,
  type ResolvedByWords,
  resourceOf,
  sameRef,
} from "./history";
export type * from "./kube";
export { type MemoryPoint, type OomPrediction, type PredictOptions, predictOom } from "./prediction";
export {
  AI_SYSTEM_PROMPT,
  type BuiltPrompt,
  buildAiPrompt,
  type ChatMessage,
  type ChatRequest,
  PROMPT_MAX_BYTES,
  type PromptInput,
} from "./prompt";
export { createRedactor, literalEnvValues, REDACTED, type Redactor } from "./redact";
export { summedMemoryLimit, type WorkloadMemorySample, workloadOomFinding } from "./workload-prediction";
