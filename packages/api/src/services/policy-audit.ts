/**
 * The background audit: the enabled policies' TS rules over the cluster's
 * shared watch caches (workloads' pod templates and bare pods, as Polaris
 * does), honouring each policy's scope and exclusions, stored with
 * first-seen/last-seen; what is no longer found is resolved.
 */
import { AppError, type PoliciesAuditOutput, PolicyKey } from "@clustercord/contracts";
import {
  findClusterOwner,
  findGuildCluster,
  listClusterPolicies,
  listViolationRows,
  writeAuditPass,
} from "@clustercord/db";
import {
  type KubeObject,
  RESOURCE_TYPES,
  readLimitRangeDefaults,
  type SelectedContext,
  toKubeConfig,
} from "@clustercord/kube";
import { auditObjects, type KubeObject as PolicyObject } from "@clustercord/policy";
import type { ApiDeps } from "../context";
import { planAuditWrites, storedPlacement } from "./policy-logic";
import { type OpenedCluster, settled, sharedCache } from "./read-access";

export type AuditDeps = Pick<ApiDeps, "prisma" | "cipher" | "caches" | "clusterGuard">;

/** The kinds the rules judge; pods owned by a workload are skipped by auditObjects (their owner is judged). */
const AUDITED = [
  RESOURCE_TYPES.pods,
  RESOURCE_TYPES.deployments,
  RESOURCE_TYPES.statefulsets,
  RESOURCE_TYPES.daemonsets,
  RESOURCE_TYPES.replicasets,
  RESOURCE_TYPES.jobs,
  RESOURCE_TYPES.cronjobs,
] as const;

/** A cluster opened with ClusterCord's own credentials, for background work (no person involved). */
export async function openClusterForAudit(deps: AuditDeps, clusterId: string): Promise<OpenedCluster | null> {
  const owner = await findClusterOwner(deps.prisma, clusterId);
  if (!owner) return null;
  const sealed = await findGuildCluster(deps.prisma, owner, clusterId);
  if (!sealed) return null;
  const selected = JSON.parse(
    deps.cipher.open(sealed.credential, { guildId: sealed.guildId, clusterId: sealed.id }),
  ) as SelectedContext;
  return { id: sealed.id, shared: sealed.shared, selected };
}

/** Every object of the audited kinds, from the shared caches; refuses to judge from a cache that is not filled. */
async function cachedObjects(deps: AuditDeps, cluster: OpenedCluster) {
  const caches = await Promise.all(
    [...AUDITED, RESOURCE_TYPES.namespaces].map((type) =>
      settled(sharedCache<KubeObject>(deps as ApiDeps, cluster, type)),
    ),
  );
  for (const [i, cache] of caches.entries()) {
    const status = cache.state.status;
    // An empty "syncing" list would resolve every violation; a stale one still holds the last objects.
    if (status !== "ready" && status !== "stale") {
      const type = [...AUDITED, RESOURCE_TYPES.namespaces][i]?.resource ?? "objects";
      throw new AppError("UPSTREAM", {
        userMessage: `The audit could not read the cluster's ${type} (${status}); it will try again.`,
      });
    }
  }
  const namespaces = caches.pop();
  const labels = new Map<string, Record<string, string>>();
  for (const ns of (namespaces?.list() ?? []) as PolicyObject[])
    labels.set(ns.metadata?.name ?? "", ns.metadata?.labels ?? {});
  // Cached objects are shared and never changed: the rules only read them.
  const objects = caches.flatMap((c) => c.list()) as PolicyObject[];
  return { objects, namespaceLabels: (ns: string) => labels.get(ns) };
}

/** Passes of one cluster never overlap: a second caller waits for the running one and reuses its answer. */
const running = new Map<string, Promise<PoliciesAuditOutput>>();

/** One audit pass over a cluster: evaluates, reconciles and stores; returns the counts. */
export function auditCluster(deps: AuditDeps, cluster: OpenedCluster): Promise<PoliciesAuditOutput> {
  const busy = running.get(cluster.id);
  // The running pass's failure is its own caller's to report; this caller runs a fresh pass either way.
  if (busy)
    return busy.then(
      () => auditCluster(deps, cluster),
      () => auditCluster(deps, cluster),
    );
  const pass = runPass(deps, cluster).finally(() => running.delete(cluster.id));
  running.set(cluster.id, pass);
  return pass;
}

async function runPass(deps: AuditDeps, cluster: OpenedCluster): Promise<PoliciesAuditOutput> {
  const rows = await listClusterPolicies(deps.prisma, cluster.id);
  const enabled = rows.flatMap((row) => {
    const key = PolicyKey.safeParse(row.policy);
    return key.success ? [{ policy: key.data, ...storedPlacement(row, cluster.shared) }] : [];
  });
  const { objects, namespaceLabels } =
    enabled.length > 0
      ? await cachedObjects(deps, cluster)
      : { objects: [], namespaceLabels: () => undefined };
  // LimitRange defaults tell which missing limits have a fix (one LIST per pass, only when require-limits is on).
  const defaults = enabled.some((p) => p.policy === "require-limits")
    ? await readLimitRangeDefaults(toKubeConfig(cluster.selected, deps.clusterGuard))
    : new Map<string, { cpu?: string; memory?: string }>();
  const found = auditObjects(objects, enabled, {
    namespaceLabels,
    fixContext: (object) => ({ limitRangeDefault: defaults.get(object.metadata?.namespace ?? "") ?? {} }),
  });
  const at = new Date();
  const previous = await listViolationRows(deps.prisma, cluster.id, { includeResolved: true });
  const { writes, opened, resolved } = planAuditWrites(previous, found, at, objects.length);
  await writeAuditPass(deps.prisma, cluster.id, writes);
  return {
    clusterId: cluster.id,
    objects: objects.length,
    open: writes.open,
    opened,
    resolved,
    finishedAt: at.toISOString(),
  };
}
