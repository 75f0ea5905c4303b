/**
 * Canary releases of a Deployment (rollouts.planCanary / canary /
 * canaryStatus / promote / abort), every cluster call AS a person: the one
 * who asks, or, for the automatic end after the analysis, the one who
 * started it (their role read anew). The split, the objects and the verdict
 * are the pure @clustercord/kube canary modules'; this file does the I/O in
 * order and keeps the Canary row (one running per Deployment) in step.
 */
import {
  AppError,
  type CanaryStatus,
  type RolloutsCanaryOutput,
  type RolloutsCanaryPlan,
  type RolloutsCanaryRef,
  type RolloutsCanaryStatusOutput,
  roleAtLeast,
  type Via,
} from "@clustercord/contracts";
import {
  type CanaryRow,
  claimCanaryEnd,
  findLatestCanary,
  findRunningCanary,
  finishCanary,
  insertCanary,
  writeAudit,
} from "@clustercord/db";
import {
  type ArgoRollout,
  argoAbortPatch,
  argoAsCanary,
  argoPromotePatches,
  argoRolloutStatus,
  CANARY_ID_ANNOTATION,
  CANARY_OF_LABEL,
  CANARY_TRACK,
  CANARY_TRACK_LABEL,
  canaryDeployment,
  canaryDeploymentName,
  canaryServiceName,
  canarySplit,
  canI,
  createDeploymentAs,
  createServiceAs,
  currentTemplateHash,
  deleteDeploymentAs,
  deleteServiceAs,
  findArgoRolloutAs,
  findDeployment,
  type HttpRoute,
  imageRefProblem,
  listHttpRoutesAs,
  listServicesAs,
  patchArgoRolloutAs,
  patchDeploymentAs,
  patchServiceAs,
  promotedContainers,
  readHttpRouteAs,
  restoredRules,
  routeHasService,
  serviceSelectsPods,
  setHttpRouteRulesAs,
  stableImageFor,
  weightedRules,
} from "@clustercord/kube";
import type { KubeConfig, V1Deployment, V1Service } from "@kubernetes/client-node";
import type { ApiDeps } from "../context";
import { issueConfirmation, verifyConfirmation } from "./confirmations";
import { describeUser, resolveMembership } from "./membership";
import type { Actor } from "./read-access";
import { noSuchWorkload, type OpenedRollout, openRollout } from "./rollouts";

export interface CanaryInput {
  clusterId: string;
  namespace: string;
  deployment: string;
  image: string;
  percentage: number;
  windowSeconds: number;
}

/** While a gateway-api canary runs, the stable Service selects only the stable's pods by this label. */
const POD_TEMPLATE_HASH = "pod-template-hash";

const target = (ref: RolloutsCanaryRef) => ({
  clusterId: ref.clusterId,
  namespace: ref.namespace,
  kind: "Deployment" as const,
  name: ref.deployment,
});

const minutes = (seconds: number) =>
  seconds % 60 === 0
    ? `${seconds / 60} min`
    : seconds > 120
      ? `${Math.round(seconds / 60)} min`
      : `${seconds} s`;
const replicas = (n: number) => `${n} replica${n === 1 ? "" : "s"}`;

// ---- Facts and plan ----

interface GatewaySplit {
  route: HttpRoute;
  service: V1Service;
  /** The stable's current ReplicaSet's pod-template-hash: the stable Service is pinned to it. */
  stableHash: string;
}

interface CanaryFacts {
  opened: OpenedRollout;
  stable: V1Deployment;
  total: number;
  split: { stable: number; canary: number };
  stableImage: string;
  gateway: GatewaySplit | null;
  /** Why traffic follows replicas although Gateway API is there (said in the plan), else null. */
  gatewayNote: string | null;
}

/** Something already gone needs no restoring. */
const unlessGone = (error: unknown): null => {
  if (error instanceof AppError && error.code === "NOT_FOUND") return null;
  throw error;
};

const badRequest = (userMessage: string) => new AppError("BAD_REQUEST", { userMessage });
const forbidden = (userMessage: string) => new AppError("FORBIDDEN", { userMessage });

async function mayOrRefuse(
  kc: KubeConfig,
  attributes: { verb: string; resource: string; group?: string; namespace: string },
  what: string,
) {
  if (!(await canI(kc, attributes))) {
    throw forbidden(`The cluster does not let you ${what} in ${attributes.namespace}.`);
  }
}

/**
 * A Service that selects the stable's pods and an HTTPRoute of the namespace
 * that sends to it: then the split is by backend weights. Null (replicas)
 * when the cluster has no Gateway API, or no route sends to such a Service.
 */
async function findGatewaySplit(
  kc: KubeConfig,
  stable: V1Deployment,
): Promise<{ gateway: GatewaySplit | null; note: string | null }> {
  const namespace = stable.metadata?.namespace ?? "";
  const routes = await listHttpRoutesAs(kc, namespace).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "FORBIDDEN") return "forbidden" as const;
    throw error;
  });
  if (routes === null) return { gateway: null, note: null };
  if (routes === "forbidden") {
    return {
      gateway: null,
      note: `Gateway API is installed, but the cluster does not let you read HTTPRoutes in ${namespace}: traffic follows the replica counts.`,
    };
  }
  if (routes.length === 0) return { gateway: null, note: null };
  const podLabels = stable.spec?.template?.metadata?.labels;
  for (const service of await listServicesAs(kc, namespace)) {
    const name = service.metadata?.name ?? "";
    if (!serviceSelectsPods(service.spec?.selector, podLabels)) continue;
    const route = routes.find((r) => routeHasService(r, name));
    if (!route) continue;
    const stableHash = await currentTemplateHash(kc, stable);
    if (!stableHash) {
      return {
        gateway: null,
        note: `Deployment ${stable.metadata?.name} has no ReplicaSet yet: traffic follows the replica counts.`,
      };
    }
    return { gateway: { route, service, stableHash }, note: null };
  }
  return { gateway: null, note: null };
}

/** Everything a canary needs checked, as the person, before anything is created. */
async function canaryFacts(deps: ApiDeps, actor: Actor, input: CanaryInput): Promise<CanaryFacts> {
  const problem = imageRefProblem(input.image);
  if (problem) throw badRequest(problem);
  if (!Number.isInteger(input.percentage) || input.percentage < 1 || input.percentage > 99) {
    throw badRequest(`The canary percentage must be 1 to 99; ${input.percentage} is not.`);
  }
  const opened = await openRollout(deps, actor, target(input));
  const { kc } = opened;
  const stable = await findDeployment(kc, input.namespace, input.deployment);
  if (!stable) throw noSuchWorkload(target(input));
  if (stable.metadata?.labels?.[CANARY_OF_LABEL]) {
    throw badRequest(
      `${input.deployment} is itself the canary of ${stable.metadata.labels[CANARY_OF_LABEL]}.`,
    );
  }
  const running = await findRunningCanary(deps.prisma, input);
  if (running) {
    throw new AppError("CONFLICT", {
      userMessage: `A canary of ${input.deployment} is already running (${running.image}, started ${running.startedAt.toISOString()}); promote or abort it first.`,
    });
  }
  const canaryName = canaryDeploymentName(input.deployment);
  if (await findDeployment(kc, input.namespace, canaryName)) {
    throw new AppError("CONFLICT", {
      userMessage: `A Deployment ${canaryName} already exists in ${input.namespace}; remove it or let its canary end first.`,
    });
  }
  const stableImage = stableImageFor(stable, input.image);
  if (stableImage === input.image) {
    throw badRequest(`${input.deployment} already runs ${input.image}; a canary needs a different image.`);
  }
  const ns = input.namespace;
  await mayOrRefuse(
    kc,
    { verb: "create", resource: "deployments", group: "apps", namespace: ns },
    "create Deployments",
  );
  await mayOrRefuse(
    kc,
    { verb: "patch", resource: "deployments", group: "apps", namespace: ns },
    "change Deployments",
  );
  const { gateway, note } = await findGatewaySplit(kc, stable);
  if (gateway) {
    await mayOrRefuse(kc, { verb: "create", resource: "services", namespace: ns }, "create Services");
    await mayOrRefuse(kc, { verb: "patch", resource: "services", namespace: ns }, "change Services");
    await mayOrRefuse(
      kc,
      { verb: "patch", resource: "httproutes", group: "gateway.networking.k8s.io", namespace: ns },
      "change HTTPRoutes",
    );
  }
  const total = stable.spec?.replicas ?? 1;
  return {
    opened,
    stable,
    total,
    split: canarySplit(total, input.percentage),
    stableImage,
    gateway,
    gatewayNote: note,
  };
}

/** Bound to the Deployment's spec generation: a change to it since the plan needs a new plan. */
const startSubject = (actor: Actor, input: CanaryInput, generation: number) => ({
  action: "rollouts.canary",
  target: [
    input.clusterId,
    input.namespace,
    input.deployment,
    generation,
    input.image,
    input.percentage,
    input.windowSeconds,
  ].join("/"),
  userId: actor.userId,
  guildId: actor.guildId,
});

function planChanges(input: CanaryInput, f: CanaryFacts): string[] {
  const name = input.deployment;
  const canaryName = canaryDeploymentName(name);
  const changes = [
    `Create Deployment ${canaryName}: ${replicas(f.split.canary)} of ${input.image} (now ${f.stableImage || "none"}), the pods of ${name} labelled ${CANARY_TRACK_LABEL}: ${CANARY_TRACK}.`,
    f.split.stable === f.total
      ? `${name} keeps its ${replicas(f.total)}; the canary runs beside it.`
      : `Scale ${name} from ${f.total} to ${f.split.stable} replicas, so the total stays ${f.total}.`,
  ];
  if (f.gateway) {
    const svc = f.gateway.service.metadata?.name ?? "";
    changes.push(
      `Create Service ${canaryServiceName(svc)} for the canary pods; Service ${svc} selects only the stable pods meanwhile.`,
      `HTTPRoute ${f.gateway.route.metadata?.name} sends ${100 - input.percentage}% to ${svc} and ${input.percentage}% to ${canaryServiceName(svc)}.`,
    );
  } else {
    const share = Math.round((f.split.canary / (f.split.canary + f.split.stable)) * 100);
    changes.push(
      `Traffic follows the replica counts: about ${share}% reaches the canary.${f.gatewayNote ? ` ${f.gatewayNote}` : ""}`,
    );
  }
  changes.push(
    `For ${minutes(input.windowSeconds)} ClusterCord watches the canary pods (readiness, restarts, diagnostics); then it promotes (${name} gets ${input.image} and ${replicas(f.total)}, ${canaryName} is removed) or rolls back by itself with the reason, and tells you.`,
  );
  return changes;
}

/** Step one of a canary: what is created and scaled, and the traffic split, with a token to start it. Changes nothing. */
export async function planCanary(
  deps: ApiDeps,
  actor: Actor,
  input: CanaryInput,
): Promise<RolloutsCanaryPlan> {
  const facts = await canaryFacts(deps, actor, input);
  const { token, expiresAt } = issueConfirmation(
    deps.confirmationKey,
    startSubject(actor, input, facts.stable.metadata?.generation ?? 0),
  );
  return {
    summary: `Start a canary of ${input.deployment} in ${input.namespace} with ${input.image} (${input.percentage}%)?`,
    changes: planChanges(input, facts),
    confirmToken: token,
    expiresAt: expiresAt.toISOString(),
    stableReplicas: facts.split.stable,
    canaryReplicas: facts.split.canary,
    traffic: facts.gateway ? "gateway-api" : "replicas",
    httpRoute: facts.gateway?.route.metadata?.name ?? null,
  };
}

// ---- Start ----

/**
 * Puts the stable back in charge (with the canary's image when promoting):
 * its replicas first, then its Service and the route's weights, then the
 * canary's objects go. Each step is idempotent, so an interrupted end runs again.
 */
async function restoreStable(kc: KubeConfig, row: CanaryRow, image: string | null): Promise<void> {
  const spec: Record<string, unknown> = { replicas: row.stableReplicas };
  if (image) {
    const stable = await findDeployment(kc, row.namespace, row.deployment);
    if (stable) spec.template = { spec: { containers: promotedContainers(stable, image) } };
  }
  await patchDeploymentAs(kc, row.namespace, row.deployment, { spec }).catch(unlessGone);
  if (row.traffic === "gateway-api" && row.httpRoute && row.service) {
    const split = { service: row.service, canaryService: canaryServiceName(row.service) };
    await patchServiceAs(kc, row.namespace, row.service, {
      spec: { selector: { [POD_TEMPLATE_HASH]: null } },
    }).catch(unlessGone);
    const route = await readHttpRouteAs(kc, row.namespace, row.httpRoute).catch(unlessGone);
    if (route) await setHttpRouteRulesAs(kc, route, restoredRules(route, split));
    await deleteServiceAs(kc, row.namespace, split.canaryService);
  }
  await deleteDeploymentAs(kc, row.namespace, row.canaryDeployment);
}

/** Step two: creates the canary as the person (given the plan's token) and starts its analysis. */
export async function startCanary(
  deps: ApiDeps,
  actor: Actor,
  via: Via,
  input: CanaryInput & { confirmToken: string },
): Promise<RolloutsCanaryOutput> {
  const facts = await canaryFacts(deps, actor, input);
  verifyConfirmation(
    deps.confirmationKey,
    input.confirmToken,
    startSubject(actor, input, facts.stable.metadata?.generation ?? 0),
  );
  const now = new Date();
  const service = facts.gateway?.service.metadata?.name ?? null;
  const row = await insertCanary(deps.prisma, {
    guildId: actor.guildId,
    clusterId: input.clusterId,
    namespace: input.namespace,
    deployment: input.deployment,
    canaryDeployment: canaryDeploymentName(input.deployment),
    image: input.image,
    stableImage: facts.stableImage,
    percentage: input.percentage,
    traffic: facts.gateway ? "gateway-api" : "replicas",
    httpRoute: facts.gateway?.route.metadata?.name ?? null,
    service,
    stableReplicas: facts.total,
    canaryReplicas: facts.split.canary,
    startedById: actor.userId,
    startedVia: via,
    startedAt: now,
    analysisEndsAt: new Date(now.getTime() + input.windowSeconds * 1000),
  });
  if (!row) {
    throw new AppError("CONFLICT", { userMessage: `A canary of ${input.deployment} is already running.` });
  }
  const { kc } = facts.opened;
  try {
    await createDeploymentAs(
      kc,
      canaryDeployment(facts.stable, { image: input.image, replicas: facts.split.canary, canaryId: row.id }),
    );
    if (facts.gateway && service) {
      const { route, stableHash } = facts.gateway;
      const svc = facts.gateway.service;
      await createServiceAs(kc, {
        apiVersion: "v1",
        kind: "Service",
        metadata: {
          name: canaryServiceName(service),
          namespace: input.namespace,
          labels: { [CANARY_OF_LABEL]: input.deployment },
          annotations: { [CANARY_ID_ANNOTATION]: row.id },
        },
        spec: {
          selector: { ...(svc.spec?.selector ?? {}), [CANARY_TRACK_LABEL]: CANARY_TRACK },
          ports: (svc.spec?.ports ?? []).map(({ nodePort: _n, ...port }) => port),
        },
      });
      await patchServiceAs(kc, input.namespace, service, {
        spec: { selector: { [POD_TEMPLATE_HASH]: stableHash } },
      });
      await setHttpRouteRulesAs(
        kc,
        route,
        weightedRules(route, {
          service,
          canaryService: canaryServiceName(service),
          percentage: input.percentage,
        }),
      );
    }
    if (facts.split.stable !== facts.total) {
      await patchDeploymentAs(kc, input.namespace, input.deployment, {
        spec: { replicas: facts.split.stable },
      });
    }
  } catch (error) {
    await restoreStable(kc, row, null).catch(() => undefined);
    const said = error instanceof AppError ? (error.userMessage ?? error.message) : String(error);
    await finishCanary(deps.prisma, row.id, {
      phase: "aborted",
      reason: `It could not be started: ${said}`,
      at: new Date(),
    });
    throw error;
  }
  const started = await canaryStatus(deps, row);
  return {
    message: `Canary of ${input.deployment} started: ${replicas(facts.split.canary)} of ${input.image}${
      facts.gateway ? ` with ${input.percentage}% of the traffic through HTTPRoute ${row.httpRoute}` : ""
    }; analysis for ${minutes(input.windowSeconds)}.`,
    canary: started,
  };
}

// ---- Status ----

async function canaryStatus(deps: Pick<ApiDeps, "directory">, row: CanaryRow): Promise<CanaryStatus> {
  const starter = await describeUser(deps as ApiDeps, row.startedById).catch(() => null);
  return {
    id: row.id,
    clusterId: row.clusterId,
    namespace: row.namespace,
    deployment: row.deployment,
    canaryDeployment: row.canaryDeployment,
    image: row.image,
    stableImage: row.stableImage,
    percentage: row.percentage,
    traffic: row.traffic === "gateway-api" ? "gateway-api" : "replicas",
    httpRoute: row.httpRoute,
    // The row keeps the total to restore; while the canary runs the stable holds the rest of it.
    stableReplicas: row.endedAt ? row.stableReplicas : canarySplit(row.stableReplicas, row.percentage).stable,
    canaryReplicas: row.canaryReplicas,
    phase: row.phase as CanaryStatus["phase"],
    reason: row.reason,
    startedBy: starter?.displayName ?? row.startedById,
    startedAt: row.startedAt.toISOString(),
    analysisEndsAt: row.analysisEndsAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
    checks: row.checks,
  };
}

/** rollouts.canaryStatus: the Deployment's latest canary (running or ended), in one of the person's namespaces. */
export async function getCanaryStatus(
  deps: ApiDeps,
  actor: Actor,
  ref: RolloutsCanaryRef,
): Promise<RolloutsCanaryStatusOutput> {
  const { kc } = await openRollout(deps, actor, target(ref));
  const row = await findLatestCanary(deps.prisma, ref);
  const argo = await findArgoRolloutAs(kc, ref.namespace, ref.deployment).catch((error: unknown) => {
    // A person the cluster does not let read Rollouts still sees ClusterCord's canary.
    if (error instanceof AppError && error.code === "FORBIDDEN") return null;
    throw error;
  });
  return {
    canary: row ? await canaryStatus(deps, row) : null,
    ...(argo ? { argoRollout: argoRolloutStatus(argo) } : {}),
  };
}

/**
 * The running canary of a Deployment, for rollouts.status (which has checked
 * the person's access to the Deployment already), else null.
 */
export async function currentCanary(
  deps: ApiDeps,
  _actor: Actor,
  ref: RolloutsCanaryRef,
): Promise<CanaryStatus | null> {
  const row = await findRunningCanary(deps.prisma, ref);
  return row ? canaryStatus(deps, row) : null;
}

// ---- End: promote, roll back, abort ----

export type EndOutcome =
  | { kind: "promote"; reason: string }
  | { kind: "rollback"; reason: string; final: "rolled-back" | "aborted" };

/** What the person who started it is told, and the audit detail. */
export function endMessage(
  row: Pick<CanaryRow, "deployment" | "image">,
  phase: string,
  reason: string,
): string {
  if (phase === "promoted")
    return `Canary of ${row.deployment} promoted: ${row.deployment} now runs ${row.image}. ${reason}.`;
  if (phase === "aborted") return `Canary of ${row.deployment} aborted: ${reason}.`;
  return `Canary of ${row.deployment} rolled back: ${reason}.`;
}

export type CanaryEndDeps = Pick<ApiDeps, "prisma" | "directory" | "notifications" | "log">;

/**
 * Ends a canary that was claimed (phase promoting or rolling-back) with `kc`
 * acting as a person: promote writes the image into the stable; both restore
 * the replicas and the route, and remove the canary's objects. Then the row
 * ends and the person who started it is told.
 */
export async function finishEnd(
  deps: CanaryEndDeps,
  kc: KubeConfig,
  row: CanaryRow,
  outcome: EndOutcome,
): Promise<CanaryRow> {
  await restoreStable(kc, row, outcome.kind === "promote" ? row.image : null);
  const phase = outcome.kind === "promote" ? "promoted" : outcome.final;
  const ended = await finishCanary(deps.prisma, row.id, { phase, reason: outcome.reason, at: new Date() });
  const message = endMessage(row, phase, outcome.reason);
  await deps.notifications
    ?.notify?.({
      to: { userId: row.startedById },
      title: message.split(":")[0] ?? message,
      body: message,
      severity: phase === "promoted" ? "info" : "warning",
      link: `/clusters/${row.clusterId}/resources/deployments/${row.deployment}?namespace=${encodeURIComponent(row.namespace)}`,
      idempotencyKey: `canary:${row.id}:end`,
    })
    .catch((error: unknown) =>
      deps.log?.warn(
        { canaryId: row.id, error: error instanceof Error ? error.message : String(error) },
        "canary: notify failed",
      ),
    );
  return ended;
}

/** An automatic end, audited as "system on behalf of" the person who started it. */
export async function auditAutomaticEnd(
  deps: CanaryEndDeps,
  row: CanaryRow,
  phase: "promoted" | "rolled-back" | "aborted",
  result: "ok" | "error",
  detail: string,
): Promise<void> {
  const starter = await describeUser(deps as ApiDeps, row.startedById).catch(() => null);
  await writeAudit(deps.prisma, {
    actorId: row.startedById,
    actorName: `system on behalf of ${starter?.username ?? row.startedById}`,
    guildId: row.guildId,
    action: phase === "promoted" ? "rollouts.canary.promote" : "rollouts.canary.rollback",
    target: `cluster/${row.clusterId}/namespace/${row.namespace}/deployment/${row.deployment}`,
    via: row.startedVia === "discord" ? "discord" : "web",
    result,
    detail,
  });
}

/** Whether the person who started the canary may still act for it (operator or admin in its guild). */
export async function starterActor(
  deps: Pick<ApiDeps, "directory" | "prisma">,
  row: CanaryRow,
): Promise<{ actor: Actor } | { lost: string }> {
  const membership = await resolveMembership(deps as ApiDeps, row.startedById, row.guildId);
  if (!membership) return { lost: "the person who started it is no longer a member of the server" };
  if (!roleAtLeast(membership.role, "operator")) {
    return { lost: `the person who started it is ${membership.role} now, not operator` };
  }
  return { actor: { userId: row.startedById, guildId: row.guildId, role: membership.role } };
}

/**
 * Promotes or aborts an Argo Rollout as `kubectl argo rollouts` does, as the
 * person (the cluster decides: Argo's roles aggregate rollouts and
 * rollouts/status into edit); its controller does the rest.
 */
async function actOnArgoRollout(
  kc: KubeConfig,
  ref: RolloutsCanaryRef,
  rollout: ArgoRollout,
  action: "promote" | "abort",
): Promise<RolloutsCanaryOutput> {
  let after = rollout;
  if (action === "abort") {
    after = await patchArgoRolloutAs(kc, ref.namespace, ref.deployment, argoAbortPatch(), "status");
  } else {
    const patches = argoPromotePatches(rollout);
    if (patches.status)
      after = await patchArgoRolloutAs(kc, ref.namespace, ref.deployment, patches.status, "status");
    if (patches.spec) after = await patchArgoRolloutAs(kc, ref.namespace, ref.deployment, patches.spec, null);
  }
  const status = argoRolloutStatus(after);
  const step =
    status.currentStep !== null && status.steps > 0
      ? ` (now at step ${status.currentStep} of ${status.steps})`
      : "";
  return {
    message:
      action === "abort"
        ? `Aborted Argo Rollout ${ref.deployment}: its controller goes back to the stable version.`
        : `Promoted Argo Rollout ${ref.deployment}${step}: its controller goes on from there.`,
    canary: argoAsCanary(after, ref.clusterId),
    argoRollout: status,
  };
}

async function endByHand(
  deps: ApiDeps,
  actor: Actor,
  ref: RolloutsCanaryRef,
  action: "promote" | "abort",
): Promise<RolloutsCanaryOutput> {
  const { kc } = await openRollout(deps, actor, target(ref));
  const row = await findRunningCanary(deps.prisma, ref);
  if (!row) {
    // No canary of ClusterCord's: an Argo Rollout of that name, when the cluster has them.
    const argo = await findArgoRolloutAs(kc, ref.namespace, ref.deployment);
    if (argo) return actOnArgoRollout(kc, ref, argo, action);
    throw new AppError("NOT_FOUND", {
      userMessage: `No canary of ${ref.deployment} is running in ${ref.namespace}.`,
    });
  }
  await mayOrRefuse(
    kc,
    { verb: "patch", resource: "deployments", group: "apps", namespace: ref.namespace },
    "change Deployments",
  );
  const who = (await describeUser(deps, actor.userId).catch(() => null))?.displayName ?? actor.userId;
  const end: EndOutcome =
    action === "promote"
      ? { kind: "promote", reason: `promoted by hand by ${who}` }
      : { kind: "rollback", reason: `aborted by ${who}`, final: "aborted" };
  const claimed = await claimCanaryEnd(
    deps.prisma,
    row.id,
    end.kind === "promote" ? "promoting" : "rolling-back",
    end.reason,
  );
  if (!claimed) {
    throw new AppError("CONFLICT", {
      userMessage: `The canary of ${ref.deployment} is already ending (${row.phase}).`,
    });
  }
  const ended = await finishEnd(deps, kc, row, end);
  const status = await canaryStatus(deps, ended);
  return { message: endMessage(row, ended.phase, end.reason), canary: status };
}

/** rollouts.promote: the canary's image goes to the stable now, without waiting for the window. */
export const promoteCanary = (deps: ApiDeps, actor: Actor, ref: RolloutsCanaryRef) =>
  endByHand(deps, actor, ref, "promote");

/** rollouts.abort: the canary is removed and the stable restored now. */
export const abortCanary = (deps: ApiDeps, actor: Actor, ref: RolloutsCanaryRef) =>
  endByHand(deps, actor, ref, "abort");
