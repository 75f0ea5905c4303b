import { z } from "zod";
import { ClusterId } from "./clusters";
import { NamespaceName } from "./pods";

/**
 * Helm (guide features 2 and 3): search, charts, repositories, releases, and
 * the four operations as plan-then-confirm. Both clients call these.
 */

/** A release name as Helm accepts it: a DNS-1123 label of at most 53 characters. */
export const HelmReleaseName = z
  .string()
  .min(1)
  .max(53, "must be at most 53 characters (Helm's limit for release names)")
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    "must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit",
  );

/** A repository name as configured in a guild (or ArtifactHub's repository name). */
export const HelmRepoName = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9._]*[a-z0-9])?$/, "must be a repository name such as bitnami");

/** `<repository>/<chart>`, as `helm install` takes it. */
export const HelmChartRef = z
  .string()
  .min(3)
  .max(160)
  .regex(
    /^[a-z0-9]([-a-z0-9._]*[a-z0-9])?\/[a-zA-Z0-9]([-a-zA-Z0-9._]*[a-zA-Z0-9])?$/,
    "must be <repository>/<chart>, such as bitnami/nginx",
  );

export const HelmChartVersion = z
  .string()
  .min(1)
  .max(64)
  .regex(/^v?[0-9A-Za-z.+-]+$/, "must be a chart version such as 1.2.3");

export const HELM_VALUES_MAX_BYTES = 256 * 1024;

/** A values file's text: YAML, at most 256 KiB (checked again in bytes, then parsed strictly). */
export const HelmValuesYaml = z.string().max(HELM_VALUES_MAX_BYTES, "values must be at most 256 KiB");

export const HelmReleaseStatus = z.enum([
  "deployed",
  "failed",
  "pending-install",
  "pending-upgrade",
  "pending-rollback",
  "uninstalling",
  "uninstalled",
  "superseded",
  "unknown",
]);
export type HelmReleaseStatus = z.infer<typeof HelmReleaseStatus>;

// ---- search and charts ----

export const HelmSearchInput = z.object({
  query: z.string().trim().min(1, "say what to search for").max(100),
  /** Only this repository (a configured one, or an ArtifactHub repository name). */
  repo: HelmRepoName.optional(),
  limit: z.number().int().min(1).max(100).default(20),
});
export type HelmSearchInput = z.input<typeof HelmSearchInput>;

export const HelmSearchResult = z.object({
  /** `<repository>/<chart>`: what install takes. */
  ref: HelmChartRef,
  chart: z.string(),
  repo: z.string(),
  version: z.string(),
  appVersion: z.string().nullable(),
  description: z.string(),
  stars: z.number().int().nullable(),
  official: z.boolean(),
  verified: z.boolean(),
  source: z.enum(["artifacthub", "repository"]),
});
export type HelmSearchResult = z.infer<typeof HelmSearchResult>;

export const HelmSourceProblem = z.object({ source: z.string(), problem: z.string() });

export const HelmSearchOutput = z.object({
  results: z.array(HelmSearchResult),
  /** Sources that could not be asked (the rest still answered). */
  problems: z.array(HelmSourceProblem),
});
export type HelmSearchOutput = z.infer<typeof HelmSearchOutput>;

export const HelmChartInput = z.object({ ref: HelmChartRef, version: HelmChartVersion.optional() });
export type HelmChartInput = z.input<typeof HelmChartInput>;

export const HelmChartChange = z.object({
  kind: z.string(),
  description: z.string(),
});

export const HelmChartOutput = z.object({
  ref: HelmChartRef,
  chart: z.string(),
  repo: z.string(),
  description: z.string(),
  /** The version shown (the newest when none was asked for). */
  version: z.string(),
  appVersion: z.string().nullable(),
  versions: z.array(
    z.object({ version: z.string(), appVersion: z.string().nullable(), createdAt: z.string().nullable() }),
  ),
  changes: z.array(HelmChartChange),
  /** The chart's values.yaml, as written. */
  defaultValues: z.string(),
  /** values.schema.json when the chart has one. */
  valuesSchema: z.record(z.string(), z.unknown()).nullable(),
  readme: z.string().nullable(),
});
export type HelmChartOutput = z.infer<typeof HelmChartOutput>;

// ---- repositories (guild admins) ----

export const HelmRepo = z.object({
  name: HelmRepoName,
  url: z.string(),
  /** Credentials are sealed and never returned. */
  hasCredentials: z.boolean(),
  addedBy: z.string(),
  addedAt: z.string(),
});
export type HelmRepo = z.infer<typeof HelmRepo>;

export const HelmReposListOutput = z.object({ repos: z.array(HelmRepo) });
export type HelmReposListOutput = z.infer<typeof HelmReposListOutput>;

export const HelmReposAddInput = z.object({
  name: HelmRepoName,
  url: z.string().trim().min(1).max(2048),
  username: z.string().min(1).max(256).optional(),
  password: z.string().min(1).max(4096).optional(),
});
export type HelmReposAddInput = z.input<typeof HelmReposAddInput>;

export const HelmReposRemoveInput = z.object({ name: HelmRepoName });
export const HelmReposRemoveOutput = z.object({ removed: HelmRepoName });

// ---- releases ----

export const HelmRelease = z.object({
  name: HelmReleaseName,
  namespace: NamespaceName,
  chart: z.string(),
  chartVersion: z.string(),
  appVersion: z.string().nullable(),
  status: HelmReleaseStatus,
  revision: z.number().int(),
  updated: z.string(),
});
export type HelmRelease = z.infer<typeof HelmRelease>;

export const HelmReleasesInput = z.object({
  clusterId: ClusterId,
  namespace: NamespaceName.optional(),
  status: HelmReleaseStatus.optional(),
});
export type HelmReleasesInput = z.input<typeof HelmReleasesInput>;

export const HelmReleasesOutput = z.object({
  releases: z.array(HelmRelease),
  /** "syncing" while the release cache fills; "ready" after. */
  state: z.enum(["syncing", "ready"]),
});
export type HelmReleasesOutput = z.infer<typeof HelmReleasesOutput>;

export const HelmReleaseRef = z.object({
  clusterId: ClusterId,
  namespace: NamespaceName,
  release: HelmReleaseName,
});
export type HelmReleaseRef = z.infer<typeof HelmReleaseRef>;

export const HelmRevision = z.object({
  revision: z.number().int(),
  updated: z.string(),
  status: HelmReleaseStatus,
  chart: z.string(),
  chartVersion: z.string(),
  appVersion: z.string().nullable(),
  description: z.string(),
});
export type HelmRevision = z.infer<typeof HelmRevision>;

export const HelmHistoryOutput = z.object({ revisions: z.array(HelmRevision) });
export type HelmHistoryOutput = z.infer<typeof HelmHistoryOutput>;

/** One release's current revision in full: values (secret-looking keys masked), manifest (Secret data masked), notes. */
export const HelmReleaseDetailInput = HelmReleaseRef.extend({ revision: z.number().int().min(1).optional() });
export const HelmReleaseDetail = HelmRelease.extend({
  /** `<repository>/<chart>` when it was installed through ClusterCord (upgrade needs it). */
  ref: HelmChartRef.nullable(),
  values: z.string(),
  manifest: z.string(),
  notes: z.string(),
});
export type HelmReleaseDetail = z.infer<typeof HelmReleaseDetail>;

// ---- the four operations: plan, then confirm ----

export const HelmOperationKind = z.enum(["install", "upgrade", "rollback", "uninstall"]);
export type HelmOperationKind = z.infer<typeof HelmOperationKind>;

export const HelmPlanInstallInput = HelmReleaseRef.extend({
  chart: HelmChartRef,
  version: HelmChartVersion.optional(),
  values: HelmValuesYaml.optional(),
  createNamespace: z.boolean().default(false),
});
export type HelmPlanInstallInput = z.input<typeof HelmPlanInstallInput>;

export const HelmPlanUpgradeInput = HelmReleaseRef.extend({
  /** Needed only when the release was not installed through ClusterCord. */
  chart: HelmChartRef.optional(),
  version: HelmChartVersion.optional(),
  /** New values; omitted: the release's current values are kept. */
  values: HelmValuesYaml.optional(),
});
export type HelmPlanUpgradeInput = z.input<typeof HelmPlanUpgradeInput>;

export const HelmPlanRollbackInput = HelmReleaseRef.extend({
  /** Omitted: the revision before the current one. */
  revision: z.number().int().min(1).optional(),
});
export type HelmPlanRollbackInput = z.input<typeof HelmPlanRollbackInput>;

export const HelmPlanUninstallInput = HelmReleaseRef;
export type HelmPlanUninstallInput = z.input<typeof HelmPlanUninstallInput>;

export const HelmObjectChange = z.enum(["created", "changed", "unchanged", "deleted"]);
export type HelmObjectChange = z.infer<typeof HelmObjectChange>;

export const HelmObjectDiff = z.object({
  kind: z.string(),
  name: z.string(),
  namespace: z.string().nullable(),
  change: HelmObjectChange,
  /** Unified diff (live -> planned), Secret values masked; "" when unchanged. */
  diff: z.string(),
});
export type HelmObjectDiff = z.infer<typeof HelmObjectDiff>;

export const HelmValueChange = z.object({
  /** Dotted path, e.g. `service.port` or `ingress.hosts[0]`. */
  path: z.string(),
  change: z.enum(["added", "removed", "changed"]),
  /** YAML of the value, or "••••••" when the key looks secret. */
  before: z.string().nullable(),
  after: z.string().nullable(),
});
export type HelmValueChange = z.infer<typeof HelmValueChange>;

export const HelmPlan = z.object({
  planId: z.string(),
  kind: HelmOperationKind,
  clusterId: ClusterId,
  namespace: NamespaceName,
  release: HelmReleaseName,
  /** `name-version` from, and to (null for uninstall / a fresh install's from). */
  from: z.string().nullable(),
  to: z.string().nullable(),
  summary: z.string(),
  objects: z.array(HelmObjectDiff),
  counts: z.object({
    created: z.number().int(),
    changed: z.number().int(),
    unchanged: z.number().int(),
    deleted: z.number().int(),
  }),
  values: z.object({
    /** Changes to the values the person supplied, and to the effective (merged) values. */
    user: z.array(HelmValueChange),
    effective: z.array(HelmValueChange),
    /** Unified diff of the effective values, masked. */
    diff: z.string(),
  }),
  notes: z.string(),
  warnings: z.array(z.string()),
  confirmToken: z.string(),
  expiresAt: z.string(),
});
export type HelmPlan = z.infer<typeof HelmPlan>;

/** Step two of every operation: the plan's id and the token it gave to the same person. */
export const HelmConfirmInput = z.object({
  clusterId: ClusterId,
  planId: z.string().min(1).max(64),
  confirmToken: z.string().min(1).max(100),
});
export type HelmConfirmInput = z.infer<typeof HelmConfirmInput>;

export const HelmOperationStatus = z.enum(["running", "succeeded", "failed", "rolled-back", "cancelled"]);
export type HelmOperationStatus = z.infer<typeof HelmOperationStatus>;

/** An operation as it runs in the background; clients follow it until it is no longer running. */
export const HelmOperation = z.object({
  id: z.string(),
  kind: HelmOperationKind,
  clusterId: ClusterId,
  namespace: NamespaceName,
  release: HelmReleaseName,
  status: HelmOperationStatus,
  /** What Helm printed so far (tail, secrets masked). */
  output: z.string(),
  /** One sentence for the person, e.g. "web upgraded to nginx-1.3.0 (revision 2)" or "…failed and was rolled back". */
  message: z.string(),
  revision: z.number().int().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type HelmOperation = z.infer<typeof HelmOperation>;

export const HelmOperationInput = z.object({ clusterId: ClusterId, operationId: z.string().min(1).max(64) });
export type HelmOperationInput = z.infer<typeof HelmOperationInput>;

// ---- blueprints (guide feature 3) ----

export const BlueprintKey = z.enum(["monitoring", "logging", "argocd", "cert-manager", "full-stack"]);
export type BlueprintKey = z.infer<typeof BlueprintKey>;

export const BlueprintComponent = z.object({
  name: z.string(),
  chart: HelmChartRef,
  version: z.string(),
  namespace: NamespaceName,
  release: HelmReleaseName,
});

export const Blueprint = z.object({
  key: BlueprintKey,
  title: z.string(),
  description: z.string(),
  components: z.array(BlueprintComponent),
  /** Installs cluster-wide objects (CRDs, ClusterRoles): refused for tenants of a shared cluster. */
  clusterWide: z.boolean(),
  /** Extra answers the preset needs, e.g. "email" for Let's Encrypt. */
  asks: z.array(z.enum(["email"])),
});
export type Blueprint = z.infer<typeof Blueprint>;

export const BlueprintsListOutput = z.object({ blueprints: z.array(Blueprint) });

export const BlueprintPlanInput = z.object({
  clusterId: ClusterId,
  preset: BlueprintKey,
  email: z.string().email("must be an email address").max(254).optional(),
  /** Values per component name, merged over the preset's. */
  customValues: z.record(z.string().max(63), HelmValuesYaml).optional(),
});
export type BlueprintPlanInput = z.input<typeof BlueprintPlanInput>;

export const BlueprintComponentStatus = z.enum([
  "pending",
  "running",
  "installed",
  "unchanged",
  "failed",
  "skipped",
]);

export const BlueprintPlan = z.object({
  planId: z.string(),
  preset: BlueprintKey,
  components: z.array(
    z.object({
      name: z.string(),
      release: HelmReleaseName,
      namespace: NamespaceName,
      action: z.enum(["install", "upgrade", "unchanged", "skip"]),
      /** null when it can only be rendered once what it depends on is installed (its CRDs). */
      counts: HelmPlan.shape.counts.nullable(),
      /** Why it is skipped or not rendered yet, the plan's warnings, or "". */
      note: z.string(),
    }),
  ),
  confirmToken: z.string(),
  expiresAt: z.string(),
});
export type BlueprintPlan = z.infer<typeof BlueprintPlan>;

export const BlueprintRun = z.object({
  id: z.string(),
  preset: BlueprintKey,
  clusterId: ClusterId,
  status: z.enum(["running", "succeeded", "failed"]),
  components: z.array(z.object({ name: z.string(), status: BlueprintComponentStatus, message: z.string() })),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type BlueprintRun = z.infer<typeof BlueprintRun>;

export const BlueprintRunInput = z.object({ clusterId: ClusterId, runId: z.string().min(1).max(64) });
