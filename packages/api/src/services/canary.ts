/**
 * Canary releases of a Deployment (rollouts.planCanary / canary /
 * canaryStatus / promote / abort), every cluster call AS a person: the one
 * who asks, or, for the automatic end after the analysis, the one who
 * started it (their role read anew). The split, the objects and the verdict
 * are the pure @clustercord/kube canary modules'. This file checks the
 * facts, plans and starts (one running Canary row per Deployment);
 * canary-status.ts shows it, canary-end.ts ends it, canary-jobs.ts analyses it.
 */
import {
  AppError,
  type RolloutsCanaryOutput,
  type RolloutsCanaryPlan,
  type Via,
} from "@clustercord/contracts";
import { findRunningCanary, finishCanary, insertCanary } from "@clustercord/db";
import {
  CANARY_ID_ANNOTATION,
  CANARY_OF_LABEL,
  CANARY_TRACK,
  CANARY_TRACK_LABEL,
  canaryDeployment,
  canaryDeploymentName,
  canaryServiceName,
  canarySplit,
  createDeploymentAs,
  createServiceAs,
  currentTemplateHash,
  findDeployment,
  type HttpRoute,
  imageRefProblem,
  listHttpRoutesAs,
  listServicesAs,
  patchDeploymentAs,
  patchServiceAs,
  routeHasService,
  serviceSelectsPods,
  setHttpRouteRulesAs,
  stableImageFor,
  weightedRules,
} from "@clustercord/kube";
import type { KubeConfig, V1Deployment, V1Service } from "@kubernetes/client-node";
import type { ApiDeps } from "../context";
import { badRequest, mayOrRefuse, POD_TEMPLATE_HASH, target } from "./canary-access";
import { restoreStable } from "./canary-end";
import { canaryStatus } from "./canary-status";
import { issueConfirmation, verifyConfirmation } from "./confirmations";
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
