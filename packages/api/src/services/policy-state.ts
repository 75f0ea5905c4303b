/**
 * policies.list / enable / setMode / disable: the stored intent (one row per
 * cluster and policy) and the ValidatingAdmissionPolicy + binding made from
 * it with ClusterCord's credentials; list reports where the two differ.
 */
import {
  AppError,
  PolicyExclusions,
  type PolicyKey,
  type PolicyMode,
  PolicyMode as PolicyModeSchema,
  type PolicyScope,
  type PolicyState,
} from "@clustercord/contracts";
import {
  type ClusterPolicyRow,
  deleteClusterPolicy,
  findClusterOwner,
  findClusterPolicy,
  listClusterPolicies,
  listViolationRows,
  upsertClusterPolicy,
} from "@clustercord/db";
import {
  applyPolicyObjects,
  deletePolicyObjects,
  type KubeObject,
  type LivePolicyObjects,
  policyDrift,
  RESOURCE_TYPES,
  readPolicyObjects,
  strayPolicyDrift,
  toKubeConfig,
} from "@clustercord/kube";
import {
  getPolicy,
  placementCovers,
  planPolicyObjects,
  policies,
  policyObjectName,
} from "@clustercord/policy";
import type { ApiDeps } from "../context";
import { type AuditDeps, auditCluster } from "./policy-audit";
import { defaultScope, storedPlacement } from "./policy-logic";
import { type Actor, type OpenedCluster, settled, sharedCache } from "./read-access";

/** Only the admins of the guild that added the cluster change its policies (tenants of a shared cluster do not). */
export async function canManagePolicies(
  deps: ApiDeps,
  actor: Actor,
  cluster: OpenedCluster,
): Promise<boolean> {
  if (actor.role !== "admin") return false;
  return (await findClusterOwner(deps.prisma, cluster.id)) === actor.guildId;
}

export async function requireManage(deps: ApiDeps, actor: Actor, cluster: OpenedCluster): Promise<void> {
  if (actor.role !== "admin")
    throw new AppError("FORBIDDEN", {
      userMessage: `Changing cluster policies needs the admin role; you are ${actor.role}.`,
    });
  if ((await findClusterOwner(deps.prisma, cluster.id)) !== actor.guildId)
    throw new AppError("FORBIDDEN", {
      userMessage:
        "Only the admins of the server that added this shared cluster can change its policies; policies.list shows the ones that apply to your namespaces.",
    });
}

const adminKubeConfig = (deps: ApiDeps, cluster: OpenedCluster) =>
  toKubeConfig(cluster.selected, deps.clusterGuard);

const objectNames = (key: PolicyKey) => [
  `ValidatingAdmissionPolicy/${policyObjectName(key)}`,
  `ValidatingAdmissionPolicyBinding/${policyObjectName(key)}`,
];

/** One policy as the person sees it; `live` null skips the drift check (tenants cannot read the objects). */
export function policyState(
  key: PolicyKey,
  row: ClusterPolicyRow | undefined,
  cluster: Pick<OpenedCluster, "shared">,
  live: LivePolicyObjects | null,
  openViolations: number,
): PolicyState {
  const definition = getPolicy(key);
  const name = policyObjectName(key);
  const found = live ? { policy: live.policies.get(name), binding: live.bindings.get(name) } : null;
  const base = {
    key,
    title: definition.title,
    description: definition.description,
    severity: definition.severity,
    violations: openViolations,
  };
  if (!row)
    return {
      ...base,
      enabled: false,
      mode: null,
      scope: null,
      exclusions: { namespaces: [], labels: {} },
      objects: [],
      drift: found ? strayPolicyDrift(found) : null,
    };
  const placement = storedPlacement(row, cluster.shared);
  const mode = PolicyModeSchema.parse(row.mode);
  const planned = planPolicyObjects({ policy: key, mode, ...placement }) as unknown as readonly [
    Record<string, unknown>,
    Record<string, unknown>,
  ];
  return {
    ...base,
    enabled: true,
    mode,
    scope: placement.scope,
    exclusions: placement.exclusions,
    objects: objectNames(key),
    drift: found ? policyDrift(planned, found) : null,
  };
}

async function openCounts(deps: ApiDeps, clusterId: string, visible: (ns: string) => boolean) {
  const counts = new Map<string, number>();
  for (const v of await listViolationRows(deps.prisma, clusterId))
    if (visible(v.namespace)) counts.set(v.policy, (counts.get(v.policy) ?? 0) + 1);
  return counts;
}

/** Whether a policy's placement reaches any of these namespaces (as admission would judge a pod there). */
async function reachesAny(
  deps: ApiDeps,
  cluster: OpenedCluster,
  row: ClusterPolicyRow,
  namespaces: string[],
) {
  const cache = await settled(sharedCache<KubeObject>(deps, cluster, RESOURCE_TYPES.namespaces));
  const labels = (ns: string) =>
    (cache.get(ns)?.metadata as { labels?: Record<string, string> } | undefined)?.labels;
  const placement = storedPlacement(row, cluster.shared);
  return namespaces.some((namespace) =>
    placementCovers({ kind: "Pod", metadata: { namespace } }, placement, labels),
  );
}

export async function listPolicyStates(
  deps: ApiDeps,
  actor: Actor,
  cluster: OpenedCluster,
  namespaces: string[],
): Promise<{ canManage: boolean; policies: PolicyState[] }> {
  const canManage = await canManagePolicies(deps, actor, cluster);
  const owner = (await findClusterOwner(deps.prisma, cluster.id)) === actor.guildId;
  const visible = new Set(namespaces);
  const [rows, live, counts] = await Promise.all([
    listClusterPolicies(deps.prisma, cluster.id),
    // The owner's members see drift; a tenant's view stops at what applies to it.
    owner ? readPolicyObjects(adminKubeConfig(deps, cluster)) : Promise.resolve(null),
    openCounts(deps, cluster.id, (ns) => visible.has(ns)),
  ]);
  // A tenant sees a policy as enabled only where it reaches one of its namespaces.
  const applying = owner
    ? rows
    : (
        await Promise.all(
          rows.map(async (r) => ((await reachesAny(deps, cluster, r, namespaces)) ? r : null)),
        )
      ).filter((r): r is ClusterPolicyRow => r !== null);
  const byKey = new Map(applying.map((r) => [r.policy, r]));
  return {
    canManage,
    policies: policies.map((p) =>
      policyState(p.key, byKey.get(p.key), cluster, live, counts.get(p.key) ?? 0),
    ),
  };
}

/** Runs one audit pass in the background (right after a change), logging a failure instead of failing the change. */
export function auditSoon(deps: ApiDeps, cluster: OpenedCluster): void {
  void auditCluster(deps as AuditDeps, cluster).catch((error: unknown) =>
    deps.log?.warn({ err: error, clusterId: cluster.id }, "policy audit after a change failed"),
  );
}

async function applyRow(
  deps: ApiDeps,
  actor: Actor,
  cluster: OpenedCluster,
  key: PolicyKey,
  intent: { mode: PolicyMode; scope: PolicyScope; exclusions: PolicyExclusions },
): Promise<PolicyState> {
  const objects = planPolicyObjects({ policy: key, ...intent });
  // The cluster first: a row is written only for objects that exist.
  await applyPolicyObjects(
    adminKubeConfig(deps, cluster),
    objects as unknown as Parameters<typeof applyPolicyObjects>[1],
  );
  const row = await upsertClusterPolicy(deps.prisma, {
    clusterId: cluster.id,
    policy: key,
    mode: intent.mode,
    scope: intent.scope,
    exclusions: PolicyExclusions.parse(intent.exclusions),
    enabledBy: actor.userId,
  });
  auditSoon(deps, cluster);
  const live = await readPolicyObjects(adminKubeConfig(deps, cluster));
  const open = (await listViolationRows(deps.prisma, cluster.id)).filter((v) => v.policy === key).length;
  return policyState(key, row, cluster, live, open);
}

export async function enable(
  deps: ApiDeps,
  actor: Actor,
  cluster: OpenedCluster,
  input: { policy: PolicyKey; mode: PolicyMode; scope?: PolicyScope; exclusions?: PolicyExclusions },
): Promise<PolicyState> {
  await requireManage(deps, actor, cluster);
  return applyRow(deps, actor, cluster, input.policy, {
    mode: input.mode,
    scope: input.scope ?? defaultScope(cluster.shared),
    exclusions: PolicyExclusions.parse(input.exclusions ?? {}),
  });
}

export async function setMode(
  deps: ApiDeps,
  actor: Actor,
  cluster: OpenedCluster,
  input: { policy: PolicyKey; mode: PolicyMode },
): Promise<PolicyState> {
  await requireManage(deps, actor, cluster);
  const row = await findClusterPolicy(deps.prisma, cluster.id, input.policy);
  if (!row)
    throw new AppError("NOT_FOUND", {
      userMessage: `The policy ${input.policy} is not enabled on this cluster; enable it first.`,
    });
  return applyRow(deps, actor, cluster, input.policy, {
    mode: input.mode,
    ...storedPlacement(row, cluster.shared),
  });
}

export async function disable(
  deps: ApiDeps,
  actor: Actor,
  cluster: OpenedCluster,
  input: { policy: PolicyKey },
): Promise<PolicyState> {
  await requireManage(deps, actor, cluster);
  await deletePolicyObjects(adminKubeConfig(deps, cluster), policyObjectName(input.policy));
  await deleteClusterPolicy(deps.prisma, cluster.id, input.policy, new Date());
  const live = await readPolicyObjects(adminKubeConfig(deps, cluster));
  return policyState(input.policy, undefined, cluster, live, 0);
}
