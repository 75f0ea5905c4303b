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

/** A pod's row plus what its page needs to pick a container (log stream, terminal, pods.logs). */
export const PodDetail = PodSummary.extend({
  /** The pod's containers: the default first (kubectl.kubernetes.io/default-container, else the first in spec order), then the rest in spec order. */
  containers: z.array(z.string()),
  /** Init containers in spec order (their logs can be read too). */
  initContainers: z.array(z.string()),
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
