import {
  AppError,
  type HelmConfirmInput,
  type HelmOperation,
  type HelmOperationInput,
  type HelmOperationKind,
  type HelmPlan,
  type HelmPlanInstallInput,
  type HelmPlanRollbackInput,
  type HelmPlanUninstallInput,
  type HelmPlanUpgradeInput,
} from "@clustercord/contracts";
import {
  findHelmOperation,
  findLastHelmChartRef,
  type HelmOperationRow,
  requestHelmCancel,
  startHelmOperation,
} from "@clustercord/db";
import { operationMessage } from "@clustercord/kube";
import type { ApiDeps } from "../context";
import { verifyConfirmation } from "./confirmations";
import { currentRelease, helmOf, openHelmCluster } from "./helm-access";
import { downloadChart } from "./helm-charts";
import {
  issuePlan,
  planInstallParts,
  planRollbackParts,
  planSubject,
  planUninstallParts,
  planUpgradeParts,
  valuesHash,
} from "./helm-plan";
import { runOperation, STALE_RUN_MS } from "./helm-run";
import type { Actor } from "./read-access";

/** Step one of an install: the chart rendered as the person, diffed against what exists. */
export async function planInstall(
  deps: ApiDeps,
  actor: Actor,
  input: HelmPlanInstallInput,
): Promise<HelmPlan> {
  helmOf(deps);
  const cluster = await openHelmCluster(deps, actor, input.clusterId);
  const chart = await downloadChart(deps, actor.guildId, input.chart, input.version);
  try {
    return await issuePlan(deps, actor, cluster, await planInstallParts(deps, actor, cluster, input, chart));
  } finally {
    await chart.cleanup().catch(() => undefined);
  }
}

/** Step one of an upgrade: the new render against the release's current manifest and values. */
export async function planUpgrade(
  deps: ApiDeps,
  actor: Actor,
  input: HelmPlanUpgradeInput,
): Promise<HelmPlan> {
  helmOf(deps);
  const cluster = await openHelmCluster(deps, actor, input.clusterId);
  const { current } = await currentRelease(deps, actor, cluster, input.namespace, input.release);
  const ref =
    input.chart ??
    (await findLastHelmChartRef(deps.prisma, {
      clusterId: cluster.id,
      namespace: input.namespace,
      release: input.release,
    }));
  if (!ref) {
    throw new AppError("BAD_REQUEST", {
      userMessage: `${input.release} was not installed through ClusterCord: say which chart to upgrade it with, as <repository>/${current.chart.name}.`,
    });
  }
  const chart = await downloadChart(deps, actor.guildId, ref, input.version);
  try {
    return await issuePlan(
      deps,
      actor,
      cluster,
      await planUpgradeParts(deps, actor, cluster, input, current, chart),
    );
  } finally {
    await chart.cleanup().catch(() => undefined);
  }
}

/** Step one of a rollback: the target revision's manifest and values against the current ones. */
export async function planRollback(
  deps: ApiDeps,
  actor: Actor,
  input: HelmPlanRollbackInput,
): Promise<HelmPlan> {
  helmOf(deps);
  const cluster = await openHelmCluster(deps, actor, input.clusterId);
  const { current, revisions } = await currentRelease(deps, actor, cluster, input.namespace, input.release);
  const wanted = input.revision ?? current.revision - 1;
  const target = revisions.find((r) => r.revision === wanted);
  if (wanted === current.revision) {
    throw new AppError("BAD_REQUEST", {
      userMessage: `${input.release} is at revision ${wanted} already; pick an earlier one.`,
    });
  }
  if (!target) {
    throw new AppError("NOT_FOUND", {
      userMessage:
        revisions.length > 1
          ? `${input.release} has no revision ${wanted}; it has ${revisions.map((r) => r.revision).join(", ")}.`
          : `${input.release} has only one revision: there is nothing to roll back to.`,
    });
  }
  return issuePlan(deps, actor, cluster, planRollbackParts(input, current, target));
}

/** Step one of an uninstall: every object of the current manifest, as deleted. */
export async function planUninstall(
  deps: ApiDeps,
  actor: Actor,
  input: HelmPlanUninstallInput,
): Promise<HelmPlan> {
  helmOf(deps);
  const cluster = await openHelmCluster(deps, actor, input.clusterId);
  const { current } = await currentRelease(deps, actor, cluster, input.namespace, input.release);
  return issuePlan(deps, actor, cluster, planUninstallParts(input, current));
}

const invalidConfirmation = () =>
  new AppError("FORBIDDEN", { userMessage: "That confirmation is not valid for this action; start again." });

const busyVerb: Record<string, string> = {
  install: "installed",
  upgrade: "upgraded",
  rollback: "rolled back",
  uninstall: "uninstalled",
};

/**
 * Step two: the plan's own person and guild, the procedure of its kind, its
 * token; then the release's one running operation, started in the
 * background. Returns at once; clients follow helm.operation.
 */
export async function confirmPlan(
  deps: ApiDeps,
  actor: Actor,
  kind: HelmOperationKind,
  input: HelmConfirmInput,
): Promise<HelmOperation> {
  helmOf(deps);
  const plan = await findHelmOperation(deps.prisma, input.planId);
  if (
    !plan ||
    plan.clusterId !== input.clusterId ||
    plan.guildId !== actor.guildId ||
    plan.userId !== actor.userId ||
    plan.kind !== kind
  ) {
    throw invalidConfirmation();
  }
  verifyConfirmation(deps.confirmationKey, input.confirmToken, planSubject(plan, actor));
  if (plan.status !== "planned") {
    throw new AppError("CONFLICT", { userMessage: "That plan was already confirmed; make a new one." });
  }
  const valuesYaml =
    plan.valuesSealed === null
      ? null
      : deps.cipher.open(plan.valuesSealed, { guildId: plan.guildId, clusterId: plan.clusterId });
  if (valuesHash(valuesYaml) !== plan.valuesHash) throw invalidConfirmation();
  // The cluster must still be the guild's.
  await openHelmCluster(deps, actor, plan.clusterId);
  const started = await startHelmOperation(deps.prisma, plan.id, {
    staleMs: STALE_RUN_MS,
    busy: (running) =>
      new AppError("CONFLICT", {
        userMessage: `${plan.release} is being ${busyVerb[running] ?? "changed"} by someone; wait for it to finish.`,
      }),
  });
  if (!started) {
    throw new AppError("BAD_REQUEST", { userMessage: "That confirmation expired or was used; start again." });
  }
  void runOperation(deps, actor, started, valuesYaml);
  return toHelmOperation(started);
}

/** An operation (not a plan) of the person's guild on that cluster. */
async function operationOf(
  deps: ApiDeps,
  actor: Actor,
  input: HelmOperationInput,
): Promise<HelmOperationRow> {
  const row = await findHelmOperation(deps.prisma, input.operationId);
  if (
    !row ||
    row.guildId !== actor.guildId ||
    row.clusterId !== input.clusterId ||
    row.status === "planned"
  ) {
    throw new AppError("NOT_FOUND", { userMessage: "There is no such Helm operation in this server." });
  }
  return row;
}

export async function getOperation(
  deps: ApiDeps,
  actor: Actor,
  input: HelmOperationInput,
): Promise<HelmOperation> {
  return toHelmOperation(await operationOf(deps, actor, input));
}

/** Asks helm to stop (it is stopped within a second, by whichever process runs it): its starter or an admin. */
export async function cancelOperation(
  deps: ApiDeps,
  actor: Actor,
  input: HelmOperationInput,
): Promise<HelmOperation> {
  const row = await operationOf(deps, actor, input);
  if (row.userId !== actor.userId && actor.role !== "admin") {
    throw new AppError("FORBIDDEN", {
      userMessage: "Only the person who started this operation, or an admin, can cancel it.",
    });
  }
  if (row.status !== "running") {
    throw new AppError("CONFLICT", { userMessage: `That operation has already ended (${row.status}).` });
  }
  return toHelmOperation((await requestHelmCancel(deps.prisma, row.id)) ?? row);
}

export function toHelmOperation(row: HelmOperationRow): HelmOperation {
  return {
    id: row.id,
    kind: row.kind as HelmOperationKind,
    clusterId: row.clusterId,
    namespace: row.namespace,
    release: row.release,
    status: row.status as HelmOperation["status"],
    output: row.output,
    message:
      row.message ||
      operationMessage(row.kind as HelmOperationKind, {
        status: "running",
        release: row.release,
        chart: row.toLabel,
        targetRevision: row.kind === "rollback" ? row.targetRevision : null,
      }),
    revision: row.revision,
    startedAt: (row.startedAt ?? row.createdAt).toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
