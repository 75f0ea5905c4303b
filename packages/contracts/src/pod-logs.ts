import { z } from "zod";
import { ClusterId } from "./clusters";
import { PodSummary, PodsListInput, ResourceSyncState } from "./pods";
import { KubeName } from "./streams";

/** One pod of one of the person's namespaces on a cluster. */
const PodRef = z.object({
  clusterId: ClusterId,
  namespace: PodsListInput.shape.namespace,
  pod: KubeName,
});

export const PodsGetInput = PodRef;
export type PodsGetInput = z.infer<typeof PodsGetInput>;

/** Deleting a pod is two steps: a plan (pods.planDelete), then the delete with the plan's token. */
export const PodsPlanDeleteInput = PodRef;
export const PodsDeleteInput = PodRef.extend({ confirmToken: z.string().min(1).max(100) });
export type PodsDeleteInput = z.infer<typeof PodsDeleteInput>;
export const PodsDeleteOutput = z.object({
  deleted: z.string(),
  /** What starts a replacement ("ReplicaSet web-abc"), or null for a bare pod. */
  replacedBy: z.string().nullable(),
});
export type PodsDeleteOutput = z.infer<typeof PodsDeleteOutput>;

/** One of the pod's conditions (PodScheduled, Initialized, ContainersReady, Ready, ...). */
export const PodCondition = z.object({
  type: z.string(),
  /** "True", "False" or "Unknown". */
  status: z.string(),
  reason: z.string(),
  message: z.string(),
  lastTransition: z.string(),
});
export type PodCondition = z.infer<typeof PodCondition>;

/** A container's CPU and memory, as written in the spec ("" when not set). */
export const ContainerResourcePair = z.object({ cpu: z.string(), memory: z.string() });

/** One container of the pod, from its spec and status. */
export const PodContainer = z.object({
  name: z.string(),
  image: z.string(),
  init: z.boolean(),
  state: z.enum(["running", "waiting", "terminated", "unknown"]),
  /** The waiting or terminated reason ("CrashLoopBackOff", "Completed (exit 0)"); "" when running. */
  stateDetail: z.string(),
  /** When it started running (running or terminated), "" if unknown. */
  since: z.string(),
  ready: z.boolean(),
  restarts: z.number().int().min(0),
  /** Why the previous instance ended ("Error (exit 1)"), "" if none did. */
  lastTermination: z.string(),
  ports: z.array(z.object({ name: z.string(), containerPort: z.number().int(), protocol: z.string() })),
  requests: ContainerResourcePair,
  limits: ContainerResourcePair,
});
export type PodContainer = z.infer<typeof PodContainer>;

/** A pod's row plus what its page needs: containers to pick (log stream, terminal, pods.logs) and its details. */
export const PodDetail = PodSummary.extend({
  /** The pod's containers: the default first (kubectl.kubernetes.io/default-container, else the first in spec order), then the rest in spec order. */
  containers: z.array(z.string()),
  /** Init containers in spec order (their logs can be read too). */
  initContainers: z.array(z.string()),
  /** Every container, init containers first, in spec order. */
  containerDetails: z.array(PodContainer),
  conditions: z.array(PodCondition),
  labels: z.record(z.string(), z.string()),
  /** Values longer than 1,024 characters are cut (last-applied-configuration and the like). */
  annotations: z.record(z.string(), z.string()),
  podIPs: z.array(z.string()),
  hostIP: z.string(),
  qosClass: z.string(),
  serviceAccount: z.string(),
  /** The controller that owns the pod (ReplicaSet, StatefulSet, Job, ...), null for a bare pod. */
  owner: z.object({ kind: z.string(), name: z.string() }).nullable(),
});
export type PodDetail = z.infer<typeof PodDetail>;

export const PodsGetOutput = z.object({ pod: PodDetail, state: ResourceSyncState });
export type PodsGetOutput = z.infer<typeof PodsGetOutput>;

/** Most lines one pods.logs call returns. */
export const POD_LOGS_MAX_LINES = 5_000;
/** Most bytes one pods.logs call returns; older lines of the tail are left out past it (`truncated`). */
export const POD_LOGS_MAX_BYTES = 1024 * 1024;

export const PodsLogsInput = PodRef.extend({
  /** Default: the pod's first container. */
  container: KubeName.optional(),
  /** Lines from the end of the log. */
  lines: z.number().int().min(1).max(POD_LOGS_MAX_LINES).default(100),
  /** The previous (terminated) instance of the container. */
  previous: z.boolean().default(false),
});
export type PodsLogsInput = z.input<typeof PodsLogsInput>;

export const PodsLogsOutput = z.object({
  namespace: z.string(),
  pod: z.string(),
  /** The container read; null when the pod was not known yet and the cluster chose it. */
  container: z.string().nullable(),
  /** The lines, each ending with "\n" (empty when the log is). */
  text: z.string(),
  lines: z.number().int().min(0),
  bytes: z.number().int().min(0),
  /** Older lines of the requested tail were left out to stay within POD_LOGS_MAX_BYTES. */
  truncated: z.boolean(),
});
export type PodsLogsOutput = z.infer<typeof PodsLogsOutput>;
