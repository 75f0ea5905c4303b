import { z } from "zod";

/** 256 KiB: far above any real kubeconfig, far below anything abusive. */
export const MAX_KUBECONFIG_BYTES = 256 * 1024;

export const ClusterName = z
  .string()
  .trim()
  .min(1, "give the cluster a name")
  .max(40, "at most 40 characters")
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "use lowercase letters, digits and dashes");

export const ClusterId = z.string().min(1).max(64);

export const ClustersAddInput = z.object({
  name: ClusterName,
  kubeconfig: z
    .string()
    .min(1, "upload or paste a kubeconfig")
    .max(MAX_KUBECONFIG_BYTES, `the kubeconfig is larger than ${MAX_KUBECONFIG_BYTES / 1024} KiB`),
  /** Which context to use; the kubeconfig's current context by default. */
  context: z.string().max(253).optional(),
  /** Other Discord servers may be granted namespaces on it. */
  shared: z.boolean().default(false),
  /**
   * Admin opt-in to clusters with TLS verification off (shown as a warning); refused
   * anyway unless the operator allows insecure TLS (CLUSTERCORD_ALLOW_INSECURE_CLUSTER_TLS).
   */
  allowInsecure: z.boolean().default(false),
});

export const ClusterHealth = z.object({
  reachable: z.boolean(),
  version: z.string().nullable(),
  nodeCount: z.number().int().nullable(),
  canImpersonate: z.boolean(),
  problem: z.string().nullable(),
});
export type ClusterHealth = z.infer<typeof ClusterHealth>;

export const ClusterSummary = z.object({
  id: ClusterId,
  name: z.string(),
  server: z.string(),
  shared: z.boolean(),
  insecure: z.boolean(),
  /** The active guild owns it (rather than being granted it). */
  owned: z.boolean(),
  createdAt: z.string(),
});
export type ClusterSummary = z.infer<typeof ClusterSummary>;

export const ClustersAddOutput = z.object({
  cluster: ClusterSummary,
  health: ClusterHealth,
  warnings: z.array(z.string()),
});
export type ClustersAddOutput = z.infer<typeof ClustersAddOutput>;

export const ClustersListOutput = z.object({ clusters: z.array(ClusterSummary) });
export type ClustersListOutput = z.infer<typeof ClustersListOutput>;

export const ClustersStatusInput = z.object({ clusterId: ClusterId });
export const ClustersStatusOutput = z.object({ cluster: ClusterSummary, health: ClusterHealth });
export type ClustersStatusOutput = z.infer<typeof ClustersStatusOutput>;

/** What an operator applies to a cluster before adding it (clusters.setup): the same for everyone. */
export const ClustersSetupOutput = z.object({
  manifest: z.string(),
  filename: z.string(),
  /** Run in order, as a cluster admin, where `filename` was saved. */
  commands: z.array(z.string()),
  /** The file the last command writes: the kubeconfig to add. */
  kubeconfigFilename: z.string(),
});
export type ClustersSetupOutput = z.infer<typeof ClustersSetupOutput>;

/** A destructive action's plan: what will change, and the token that confirms it. */
export const ActionPlan = z.object({
  summary: z.string(),
  changes: z.array(z.string()),
  confirmToken: z.string(),
  expiresAt: z.string(),
});
export type ActionPlan = z.infer<typeof ActionPlan>;

export const ClustersPlanRemoveInput = z.object({ clusterId: ClusterId });
export const ClustersRemoveInput = z.object({
  clusterId: ClusterId,
  confirmToken: z.string().min(1).max(100),
});
export const ClustersRemoveOutput = z.object({ removed: z.string() });

export const NamespacesListInput = z.object({ clusterId: ClusterId });
export const NamespacesListOutput = z.object({ namespaces: z.array(z.string()) });
export type NamespacesListOutput = z.infer<typeof NamespacesListOutput>;
