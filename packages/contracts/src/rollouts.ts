import { z } from "zod";
import { ActionPlan, ClusterId } from "./clusters";
import { NamespaceName } from "./pods";
import { KubeName } from "./streams";

/**
 * Rollouts (guide feature 6): watch, pause, resume, restart, scale and undo
 * a workload's rollout, and canary releases. Every call acts as the person.
 */

export const RolloutKind = z.enum(["Deployment", "StatefulSet", "DaemonSet"]);
export type RolloutKind = z.infer<typeof RolloutKind>;

// ---- Canary ----

export const CanaryPhase = z.enum([
  "analysing",
  "promoting",
  "promoted",
  "rolling-back",
  "rolled-back",
  "aborted",
]);
export type CanaryPhase = z.infer<typeof CanaryPhase>;

/** How traffic is split: by replica counts, or by Gateway API HTTPRoute backend weights. */
export const CanaryTraffic = z.enum(["replicas", "gateway-api"]);

export const CanaryCheck = z.object({
  at: z.string(),
  ready: z.number().int().min(0),
  desired: z.number().int().min(0),
  restarts: z.number().int().min(0),
  /** Diagnostics finding ids seen on canary pods, e.g. "pod.crash-loop". */
  findings: z.array(z.string()),
  healthy: z.boolean(),
});
export type CanaryCheck = z.infer<typeof CanaryCheck>;

export const CanaryStatus = z.object({
  id: z.string(),
  clusterId: z.string(),
  namespace: z.string(),
  deployment: z.string(),
  /** The canary Deployment: `<deployment>-canary`. */
  canaryDeployment: z.string(),
  image: z.string(),
  stableImage: z.string(),
  percentage: z.number().int().min(1).max(99),
  traffic: CanaryTraffic,
  /** The HTTPRoute whose weights follow the percentage (gateway-api), else null. */
  httpRoute: z.string().nullable(),
  /** The stable's replicas while the canary runs; its restored total once it ended. */
  stableReplicas: z.number().int().min(0),
  canaryReplicas: z.number().int().min(0),
  phase: CanaryPhase,
  /** Why it ended as it did ("canary pod api-canary-x restarted 3 times: CrashLoopBackOff, exit code 1"). */
  reason: z.string().nullable(),
  startedBy: z.string(),
  startedAt: z.string(),
  /** When the analysis window ends. */
  analysisEndsAt: z.string(),
  endedAt: z.string().nullable(),
  checks: z.array(CanaryCheck),
});
export type CanaryStatus = z.infer<typeof CanaryStatus>;

/** One workload of one of the person's namespaces. */
export const RolloutTarget = z.object({
  clusterId: ClusterId,
  namespace: NamespaceName,
  kind: RolloutKind.default("Deployment"),
  name: KubeName,
});
export type RolloutTarget = z.input<typeof RolloutTarget>;

/** Where a rollout stands: still going, done, failed (progress deadline exceeded), or paused. */
export const RolloutPhase = z.enum(["progressing", "complete", "failed", "paused"]);
export type RolloutPhase = z.infer<typeof RolloutPhase>;

export const RolloutReplicas = z.object({
  desired: z.number().int().min(0),
  updated: z.number().int().min(0),
  ready: z.number().int().min(0),
  available: z.number().int().min(0),
  unavailable: z.number().int().min(0),
});
export type RolloutReplicas = z.infer<typeof RolloutReplicas>;

export const RolloutCondition = z.object({
  type: z.string(),
  status: z.string(),
  reason: z.string(),
  message: z.string(),
  lastUpdate: z.string().nullable(),
});

/** A ReplicaSet (Deployment) or ControllerRevision (StatefulSet, DaemonSet) of the workload. */
export const RolloutRevisionSet = z.object({
  name: z.string(),
  revision: z.number().int().min(0),
  images: z.array(z.string()),
  desired: z.number().int().min(0),
  ready: z.number().int().min(0),
  /** "new" is the current template's set; "old" any other that still has or wants pods. */
  role: z.enum(["new", "old"]),
});

export const RolloutEvent = z.object({
  type: z.string(),
  reason: z.string(),
  message: z.string(),
  /** The object the event is about, e.g. "ReplicaSet api-7d9f". */
  object: z.string(),
  count: z.number().int().min(0),
  lastSeen: z.string().nullable(),
});

export const RolloutsStatusOutput = z.object({
  kind: RolloutKind,
  namespace: z.string(),
  name: z.string(),
  phase: RolloutPhase,
  /** One sentence, the same in every client: "3 of 4 updated replicas are available", "Rollout complete". */
  message: z.string(),
  paused: z.boolean(),
  revision: z.number().int().min(0),
  images: z.array(z.string()),
  replicas: RolloutReplicas,
  conditions: z.array(RolloutCondition),
  sets: z.array(RolloutRevisionSet),
  /** Newest first, at most 20: events of the workload, its sets and their pods. */
  events: z.array(RolloutEvent),
  /** The running canary of this workload, if any. */
  canary: CanaryStatus.nullable(),
  observedAt: z.string(),
});
export type RolloutsStatusOutput = z.infer<typeof RolloutsStatusOutput>;

export const RolloutsHistoryEntry = z.object({
  revision: z.number().int().min(0),
  images: z.array(z.string()),
  /** The kubernetes.io/change-cause annotation, else what ClusterCord recorded ("undo to revision 3 by alice"). */
  changeCause: z.string().nullable(),
  createdAt: z.string().nullable(),
  current: z.boolean(),
  /** This revision came back by an undo (its template equals an older revision's). */
  rolledBack: z.boolean(),
  /** The ReplicaSet or ControllerRevision that holds it. */
  source: z.string(),
});
export type RolloutsHistoryEntry = z.infer<typeof RolloutsHistoryEntry>;

export const RolloutsHistoryOutput = z.object({
  kind: RolloutKind,
  name: z.string(),
  /** Newest first. */
  revisions: z.array(RolloutsHistoryEntry),
});
export type RolloutsHistoryOutput = z.infer<typeof RolloutsHistoryOutput>;

export const RolloutsActionOutput = z.object({
  /** One sentence for both clients: "Paused the rollout of api", "Scaled api from 2 to 5 replicas". */
  message: z.string(),
  status: RolloutsStatusOutput,
});
export type RolloutsActionOutput = z.infer<typeof RolloutsActionOutput>;

export const RolloutsScaleInput = RolloutTarget.extend({ replicas: z.number().int().min(0).max(1000) });
export type RolloutsScaleInput = z.input<typeof RolloutsScaleInput>;

/** Undo to `revision`, or to the previous one when omitted (as `kubectl rollout undo`). */
export const RolloutsPlanUndoInput = RolloutTarget.extend({
  revision: z.number().int().min(1).max(2_147_483_647).optional(),
});
export type RolloutsPlanUndoInput = z.input<typeof RolloutsPlanUndoInput>;

/** One difference between the current pod template and the one that comes back. */
export const TemplateChange = z.object({
  /** "image", "env", "resources", "replicas", "command", "args", "ports", "probes", "other". */
  area: z.enum(["image", "env", "resources", "replicas", "command", "args", "ports", "probes", "other"]),
  /** The container it is about, null for the pod. */
  container: z.string().nullable(),
  /** What it is now, and what it becomes; env values are never shown (names only). */
  from: z.string(),
  to: z.string(),
});
export type TemplateChange = z.infer<typeof TemplateChange>;

export const RolloutsUndoPlan = ActionPlan.extend({
  currentRevision: z.number().int().min(0),
  targetRevision: z.number().int().min(0),
  templateChanges: z.array(TemplateChange),
  /** A unified diff of the pod template (YAML), with env values blanked. */
  diff: z.string(),
});
export type RolloutsUndoPlan = z.infer<typeof RolloutsUndoPlan>;

export const RolloutsUndoInput = RolloutsPlanUndoInput.extend({ confirmToken: z.string().min(1).max(2000) });
export type RolloutsUndoInput = z.input<typeof RolloutsUndoInput>;

// ---- Canary procedures ----

export const RolloutsPlanCanaryInput = z.object({
  clusterId: ClusterId,
  namespace: NamespaceName,
  deployment: KubeName,
  /** An image reference (`registry/repo:tag` or `@sha256:…`), checked before anything is created. */
  image: z.string().min(1).max(512),
  percentage: z.number().int().min(1, "percentage must be 1 to 99").max(99, "percentage must be 1 to 99"),
  /** The analysis window in seconds (default 5 minutes). */
  windowSeconds: z.number().int().min(10).max(86_400).default(300),
});
export type RolloutsPlanCanaryInput = z.input<typeof RolloutsPlanCanaryInput>;

/** `rollouts.planCanary` says what is created and scaled (and the HTTPRoute weights); `rollouts.canary` starts it. */
export const RolloutsCanaryPlan = ActionPlan.extend({
  stableReplicas: z.number().int().min(0),
  canaryReplicas: z.number().int().min(0),
  traffic: CanaryTraffic,
  httpRoute: z.string().nullable(),
});
export type RolloutsCanaryPlan = z.infer<typeof RolloutsCanaryPlan>;

export const RolloutsCanaryInput = RolloutsPlanCanaryInput.extend({
  confirmToken: z.string().min(1).max(2000),
});
export type RolloutsCanaryInput = z.input<typeof RolloutsCanaryInput>;

/**
 * An Argo Rollouts `Rollout` (argoproj.io/v1alpha1) of the same name, when
 * the cluster has that CRD: its controller runs the canary; ClusterCord shows
 * it and promotes or aborts it as `kubectl argo rollouts` does.
 */
export const ArgoRolloutStatus = z.object({
  name: z.string(),
  /** The controller's phase: Healthy, Progressing, Paused, Degraded ("" before it has one). */
  phase: z.string(),
  message: z.string().nullable(),
  paused: z.boolean(),
  aborted: z.boolean(),
  /** The canary step it is at (0-based) and how many there are; null for a blue-green Rollout. */
  currentStep: z.number().int().min(0).nullable(),
  steps: z.number().int().min(0),
  /** The canary's traffic weight (%) by the controller, else by the last setWeight step passed. */
  canaryWeight: z.number().int().min(0).max(100).nullable(),
  images: z.array(z.string()),
});
export type ArgoRolloutStatus = z.infer<typeof ArgoRolloutStatus>;

/**
 * What rollouts.canary, rollouts.promote and rollouts.abort answer. For an
 * Argo Rollout, `canary` is that Rollout seen as a canary (id "argo:<uid>")
 * and `argoRollout` has its own terms.
 */
export const RolloutsCanaryOutput = z.object({
  message: z.string(),
  canary: CanaryStatus,
  argoRollout: ArgoRolloutStatus.optional(),
});
export type RolloutsCanaryOutput = z.infer<typeof RolloutsCanaryOutput>;

export const RolloutsCanaryRef = z.object({
  clusterId: ClusterId,
  namespace: NamespaceName,
  deployment: KubeName,
});
export type RolloutsCanaryRef = z.infer<typeof RolloutsCanaryRef>;

/** The latest canary of a Deployment (running or ended), null when it never had one. */
export const RolloutsCanaryStatusOutput = z.object({
  canary: CanaryStatus.nullable(),
  /** An Argo Rollout of that name, when the cluster has Argo Rollouts' CRD and one exists. */
  argoRollout: ArgoRolloutStatus.nullable().optional(),
});
export type RolloutsCanaryStatusOutput = z.infer<typeof RolloutsCanaryStatusOutput>;
